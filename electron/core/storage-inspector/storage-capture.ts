/**
 * The storage diff of a request: for a mount whose capture is on, each put and delete made while a
 * request runs keeps the value the key had before (read just before the change) and the value after.
 * A plugin's storage calls carry no request id, so, as the storage trace does, a change is given to
 * every request in flight on the mount and flagged `concurrent` when there were several.
 *
 * Off (the default), a put or delete costs one set lookup. Values live in memory only, for the last
 * {@link KEPT_REQUESTS} captured requests, and go with the core when Strongroom seals.
 */
import type { StorageEntry, StoragePort } from '../../../plugin-host';

export const KEPT_REQUESTS = 32;

export interface CapturedChange {
  key: string;
  op: 'put' | 'delete';
  /** The value before the request's first change of the key; null when it did not exist. */
  before: Uint8Array | null;
  /** The value after its last change; null when deleted. */
  after: Uint8Array | null;
  concurrent: boolean;
}

export interface CapturedRequest {
  requestId: string;
  mountUuid: string;
  changes: Map<string, CapturedChange>;
}

export class StorageCapture {
  private readonly enabled = new Set<string>();
  /** Mount uuid → the captures of the requests in flight on it. */
  private readonly inFlight = new Map<string, Set<CapturedRequest>>();
  /** Finished captures by request id, oldest first (a Map keeps insertion order). */
  private readonly finished = new Map<string, CapturedRequest>();

  setEnabled(mountUuid: string, on: boolean): void {
    if (on) this.enabled.add(mountUuid);
    else this.enabled.delete(mountUuid);
  }

  isEnabled(mountUuid: string): boolean {
    return this.enabled.has(mountUuid);
  }

  /** Runs one request's plugin call, capturing its changes when the mount's capture is on. */
  async during<T>(mountUuid: string, requestId: string, call: () => Promise<T>): Promise<T> {
    if (!this.enabled.has(mountUuid)) return call();
    const capture: CapturedRequest = { requestId, mountUuid, changes: new Map() };
    const running = this.inFlight.get(mountUuid) ?? new Set<CapturedRequest>();
    this.inFlight.set(mountUuid, running);
    running.add(capture);
    try {
      return await call();
    } finally {
      running.delete(capture);
      if (running.size === 0) this.inFlight.delete(mountUuid);
      this.keep(capture);
    }
  }

  /** The capture of a finished request, or undefined when it was not captured (or is no longer kept). */
  request(requestId: string): CapturedRequest | undefined {
    return this.finished.get(requestId);
  }

  /** The mount's storage with every put and delete captured while capture is on. */
  wrap(mountUuid: string, view: StoragePort): StoragePort {
    return {
      list: (prefix) => view.list(prefix),
      get: (key) => view.get(key),
      put: async (entry: StorageEntry) => {
        const before = await this.valueBefore(mountUuid, view, entry.key);
        await view.put(entry);
        if (before !== undefined) this.record(mountUuid, entry.key, 'put', before, entry.value);
      },
      delete: async (key) => {
        const before = await this.valueBefore(mountUuid, view, key);
        await view.delete(key);
        if (before !== undefined) this.record(mountUuid, key, 'delete', before, null);
      },
    };
  }

  /** undefined: nothing to capture (no request in flight with capture on); null: the key did not exist. */
  private async valueBefore(mountUuid: string, view: StoragePort, key: string): Promise<Uint8Array | null | undefined> {
    if (!this.inFlight.has(mountUuid)) return undefined;
    // A copy: the caller's buffer may be reused once the call returns.
    const entry = await view.get(key);
    return entry === undefined ? null : Uint8Array.from(entry.value);
  }

  private record(mountUuid: string, key: string, op: 'put' | 'delete', before: Uint8Array | null, after: Uint8Array | null): void {
    const running = this.inFlight.get(mountUuid);
    if (running === undefined) return;
    const concurrent = running.size > 1;
    const value = after === null ? null : Uint8Array.from(after);
    for (const capture of running) {
      const earlier = capture.changes.get(key);
      capture.changes.set(key, {
        key,
        op,
        // The first change of the key in the request saw the value the request started from.
        before: earlier === undefined ? before : earlier.before,
        after: value,
        concurrent: concurrent || (earlier?.concurrent ?? false),
      });
    }
  }

  private keep(capture: CapturedRequest): void {
    this.finished.set(capture.requestId, capture);
    while (this.finished.size > KEPT_REQUESTS) {
      const oldest = this.finished.keys().next().value;
      if (oldest === undefined) break;
      this.finished.delete(oldest);
    }
  }
}
