/**
 * The storage diff of a request: for a mount whose capture is on, each put and delete made while a
 * request runs keeps the value the key had before (read just before the change) and the value after.
 * A plugin's storage calls carry no request id, so, as the storage trace does, a change is given to
 * every request in flight on the mount and flagged `concurrent` when there were several.
 *
 * Off (the default), a put or delete costs one map lookup before it goes straight to the view. Values live in memory only, for the last
 * {@link KEPT_REQUESTS} captured requests, and go with the core when Strongroom seals.
 */
import { CoreError } from '../core-errors';
import { offThreadStorageOf, type StorageEntry, type StoragePort } from '../../../plugin-host';

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
  /** Mounts whose plugin's storage calls the callback thread serves: they never pass through here. */
  private readonly servedOffThread = new Set<string>();
  /** Mount uuid → the captures of the requests in flight on it. */
  private readonly inFlight = new Map<string, Set<CapturedRequest>>();
  /** Finished captures by request id, oldest first (a Map keeps insertion order). */
  private readonly finished = new Map<string, CapturedRequest>();

  setEnabled(mountUuid: string, on: boolean): void {
    if (on && this.servedOffThread.has(mountUuid)) {
      throw new CoreError(
        'invalid_request',
        "This mount's storage is served from the callback thread (STRONGROOM_CALLBACK_THREAD=1), which the storage diff cannot see. " +
          'Restart Strongroom without STRONGROOM_CALLBACK_THREAD to capture storage diffs.',
      );
    }
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

  /**
   * The mount's storage with every put and delete captured while a captured request runs on it.
   * Otherwise each call goes straight to the view (no extra promise): reads always do.
   */
  wrap(mountUuid: string, view: StoragePort): StoragePort & { offThread(): ReturnType<typeof offThreadStorageOf> } {
    return {
      // Asked when the mount's plugin is set up: a mount captured then stays on the main thread.
      offThread: () => {
        const offThread = this.enabled.has(mountUuid) ? undefined : offThreadStorageOf(view);
        if (offThread === undefined) this.servedOffThread.delete(mountUuid);
        else this.servedOffThread.add(mountUuid);
        return offThread;
      },
      list: (prefix) => view.list(prefix),
      get: (key) => view.get(key),
      put: (entry: StorageEntry) => (this.inFlight.has(mountUuid) ? this.capturedPut(mountUuid, view, entry) : view.put(entry)),
      delete: (key) => (this.inFlight.has(mountUuid) ? this.capturedDelete(mountUuid, view, key) : view.delete(key)),
    };
  }

  private async capturedPut(mountUuid: string, view: StoragePort, entry: StorageEntry): Promise<void> {
    const before = await this.valueBefore(view, entry.key);
    await view.put(entry);
    this.record(mountUuid, entry.key, 'put', before, entry.value);
  }

  private async capturedDelete(mountUuid: string, view: StoragePort, key: string): Promise<void> {
    const before = await this.valueBefore(view, key);
    await view.delete(key);
    this.record(mountUuid, key, 'delete', before, null);
  }

  /** The key's value before the change; null when it did not exist. */
  private async valueBefore(view: StoragePort, key: string): Promise<Uint8Array | null> {
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
