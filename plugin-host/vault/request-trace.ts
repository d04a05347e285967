/**
 * Storage calls a plugin makes while serving a request, for the UI's request inspector. The
 * plugin's storage calls carry no request id, so a call is attributed to the HandleRequest(s) in
 * flight on the same mount when it arrives: exact when requests on that mount run one at a time,
 * and flagged `concurrent` when several were in flight and it could belong to any of them.
 */
export type StorageOperation = 'list' | 'get' | 'put' | 'delete';

export interface StorageTrace {
  operation: StorageOperation;
  key: string;
  /** Value size for get/put, number of keys for list, 0 for delete or a missing key. */
  bytes: number;
  durationMs: number;
  error?: string;
  /** The storage's stable error code, e.g. `invalid_storage_key`. */
  errorCode?: string;
  /** Several requests were in flight on the mount; this call may belong to another one. */
  concurrent?: true;
}

/** Where the storage servers report each call (the tracer, or the callback thread's forwarder). */
export interface StorageTraceSink {
  record(operation: StorageOperation, key: string, bytes: number, startedAt: number, error?: string, errorCode?: string): void;
}

export function storageTrace(operation: StorageOperation, key: string, bytes: number, startedAt: number, error?: string, errorCode?: string): StorageTrace {
  const trace: StorageTrace = { operation, key, bytes, durationMs: performance.now() - startedAt };
  if (error !== undefined) trace.error = error;
  if (errorCode !== undefined) trace.errorCode = errorCode;
  return trace;
}

export class RequestTracer implements StorageTraceSink {
  private readonly active = new Set<StorageTrace[]>();
  /**
   * How many requests are in flight, shared with the callback thread: it sends a trace only when
   * one is. Its traces wait in a port until `drain` (run at every begin and end, before the set
   * changes), so each is attributed as if it had been recorded here when its reply went out: the
   * thread posts it before answering the plugin, and the plugin answers the request after that.
   */
  readonly inFlight = new Int32Array(new SharedArrayBuffer(4));
  private drainer: (() => void) | undefined;

  /** Set while the mount's callbacks are served off the main thread. */
  setDrain(drain: (() => void) | undefined): void {
    this.drainer = drain;
  }

  /** Takes in the traces the callback thread has sent so far. */
  drain(): void {
    this.drainer?.();
  }

  /** Starts collecting for one request; pass the list back to `end`. */
  begin(): StorageTrace[] {
    this.drain();
    const traces: StorageTrace[] = [];
    this.active.add(traces);
    Atomics.store(this.inFlight, 0, this.active.size);
    return traces;
  }

  end(traces: StorageTrace[]): void {
    this.drain();
    this.active.delete(traces);
    Atomics.store(this.inFlight, 0, this.active.size);
  }

  record(operation: StorageOperation, key: string, bytes: number, startedAt: number, error?: string, errorCode?: string): void {
    if (this.active.size === 0) return; // e.g. storage touched from Initialize or a periodic func
    this.add(storageTrace(operation, key, bytes, startedAt, error, errorCode));
  }

  /** A trace measured elsewhere (the callback thread), attributed to the requests in flight now. */
  add(trace: StorageTrace): void {
    if (this.active.size === 0) return;
    if (this.active.size === 1) {
      for (const traces of this.active) traces.push(trace);
      return;
    }
    trace.concurrent = true;
    for (const traces of this.active) traces.push(trace);
  }
}

/**
 * A plugin that failed because the host refused one of its storage keys reports that in its own
 * words (usually an internal error); the refusal itself is the cause the user should see.
 */
export function refusedStorageKey(traces: readonly StorageTrace[]): StorageTrace | undefined {
  return traces.find((trace) => trace.errorCode === 'invalid_storage_key' && trace.concurrent !== true);
}
