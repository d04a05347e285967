/**
 * A request that ran past its deadline: the message names the mount's own setting (the request
 * timeout is per mount, changed through tune), and the CPU watchdog is told so it can tell a slow
 * plugin from one stuck in a loop.
 */
import { HostError, isHostError } from '../errors';
import type { MountSpec } from './mount-spec';

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export function isDeadlineExceeded(error: unknown): error is HostError {
  return isHostError(error) && error.code === 'deadline_exceeded';
}

export function requestDeadlineError(spec: MountSpec, method: string, path: string, timeoutMs: number, cause: HostError): HostError {
  const suggested = `${Math.max(60, Math.ceil((timeoutMs * 2) / 1000))}s`;
  return new HostError(
    'deadline_exceeded',
    `Plugin "${spec.pluginName}" did not answer ${method} on "${spec.path}${path}" within ${timeoutMs} ms, the mount's request timeout; the request was abandoned. ` +
      `If the operation is only slow, raise the timeout: Mounts page → Tune "${spec.path}" → Request timeout, or mounts.tune {path: "${spec.path}", requestTimeout: "${suggested}"}. ` +
      'A plugin that keeps a core busy after the deadline is restarted (plugin_cpu_runaway).',
    { ...cause.detail, mount: spec.path, path, timeoutMs },
  );
}
