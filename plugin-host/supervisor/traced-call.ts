import { HostError } from '../errors';
import { refusedStorageKey, type StorageTrace } from '../vault/request-trace';
import type { MountedBackend } from './mounted-backend';

/** Storage failures whose cause the user must see rather than the plugin's wrapping of them. */
const SURFACED_STORAGE_CODES = ['corrupt', 'sealed'] as const;
type SurfacedCode = (typeof SURFACED_STORAGE_CODES)[number];

function failedStorageCall(traces: readonly StorageTrace[]): (StorageTrace & { errorCode: SurfacedCode }) | undefined {
  return traces.find(
    (trace): trace is StorageTrace & { errorCode: SurfacedCode } =>
      (SURFACED_STORAGE_CODES as readonly string[]).includes(trace.errorCode ?? '') && trace.concurrent !== true,
  );
}

/**
 * Runs a plugin call while recording the storage calls it makes. A failure caused by the storage
 * (a key refused by Vault's key rules, a corrupt value, sealed meanwhile) is reported as that cause,
 * not as the plugin's own wrapping of it (usually an internal error).
 */
export async function tracedCall<T>(backend: MountedBackend, call: (storage: StorageTrace[]) => Promise<T>): Promise<T> {
  const traces = backend.tracer.begin();
  try {
    return await call(traces);
  } catch (error) {
    backend.tracer.drain(); // the callback thread's traces of this call, before reading them
    const refused = refusedStorageKey(traces);
    if (refused !== undefined) {
      throw new HostError(
        'invalid_storage_key',
        `Plugin "${backend.spec.pluginName}" tried to ${refused.operation} a storage key that Strongroom refused, so the ` +
          `request failed. ${refused.error ?? `Storage key ${JSON.stringify(refused.key)} was refused.`} ` +
          "Report it to the plugin's author.",
        { storage: traces, pluginError: error instanceof Error ? error.message : String(error) },
      );
    }
    const storageFailure = failedStorageCall(traces);
    if (storageFailure !== undefined) {
      // The storage's own message already says what to do (restore a backup, unseal…).
      throw new HostError(
        storageFailure.errorCode,
        `Plugin "${backend.spec.pluginName}" could not ${storageFailure.operation} "${storageFailure.key}": ${storageFailure.error ?? 'storage failed'}`,
        { storage: traces, storageCode: storageFailure.errorCode, pluginError: error instanceof Error ? error.message : String(error) },
      );
    }
    // A copy: after a crash one HostError is shared by every request that was in flight.
    if (error instanceof HostError) throw new HostError(error.code, error.message, { ...error.detail, storage: traces });
    throw error;
  } finally {
    backend.tracer.end(traces);
  }
}
