/**
 * The messages between the main thread's `CallbackThread` and the worker it runs
 * (`callback-worker.ts`). Everything is structured-cloneable; the Int32Arrays sit on
 * SharedArrayBuffers, so both threads see the same flags.
 */
import type { OffThreadStorage } from '../storage-port';
import type { StorageTrace } from '../vault/request-trace';
import type { SystemViewSettings } from '../vault/system-view-server';

/** One brokered server, as the worker serves it. */
export interface ThreadServerSpec {
  address: string;
  keyPem: string;
  certPem: string;
  pluginCertPem: string;
  storage: OffThreadStorage;
  /** `[0]` = 1 once Setup returned (`vault/setup-storage.ts`). */
  writable: Int32Array;
  /** `[0]` = requests in flight on the mount (`RequestTracer.inFlight`). */
  inFlight: Int32Array;
  systemView: SystemViewSettings;
}

export type ToWorker =
  /** `replace`: a socket file left by a crashed worker is removed first. */
  | { type: 'serve'; serverId: number; replace: boolean; spec: ThreadServerSpec }
  | { type: 'close'; serverId: number };

/** A SendEvent / RecordObservation call, forwarded undecoded. */
export interface ForwardedReport {
  serverId: number;
  method: string;
  bytes: Uint8Array;
}

export type FromWorker =
  | { type: 'done'; op: 'serve' | 'close'; serverId: number; error?: string }
  /** The reports of one event-loop turn. */
  | { type: 'reports'; reports: ForwardedReport[] };

/** On the trace port, drained synchronously by the main thread (`receiveMessageOnPort`). */
export interface TraceMessage {
  serverId: number;
  trace: StorageTrace;
}
