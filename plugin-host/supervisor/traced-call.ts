import { HostError } from '../errors';
import { refusedStorageKey, type StorageTrace } from '../vault/request-trace';
import type { MountedBackend } from './mounted-backend';

/**
 * Runs a plugin call while recording the storage calls it makes. A failure caused by the host
 * refusing a storage key outside the mount is reported as that refusal, not as the plugin's own
 * wrapping of it (usually an internal error).
 */
export async function tracedCall<T>(backend: MountedBackend, call: (storage: StorageTrace[]) => Promise<T>): Promise<T> {
  const traces = backend.tracer.begin();
  try {
    return await call(traces);
  } catch (error) {
    const refused = refusedStorageKey(traces);
    if (refused !== undefined) {
      throw new HostError(
        'storage_key_outside_mount',
        `Plugin "${backend.spec.pluginName}" tried to ${refused.operation} the storage key "${refused.key}", which would leave its mount; ` +
          'Strongroom refused it and the request failed. The plugin is misbehaving: report it to its author.',
        { storage: traces, pluginError: error instanceof Error ? error.message : String(error) },
      );
    }
    if (error instanceof HostError && error.detail !== undefined) error.detail['storage'] = traces;
    throw error;
  } finally {
    backend.tracer.end(traces);
  }
}
