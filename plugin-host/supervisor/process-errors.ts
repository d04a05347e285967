/** The supervisor's lifecycle errors, with messages that say what happens next. */
import { HostError, hostShuttingDownError, pluginStoppedError } from '../errors';
import { SHOWN_STDERR_LINES } from '../launch/handshake';
import { describeExit, type PluginExit } from '../launch/launcher';
import { limitsAdvice } from '../catalog/limits';

export function pluginExitedError(
  plugin: string,
  pid: number,
  exit: PluginExit,
  recentStderr: string[],
  panicLine?: string,
): HostError {
  const stderr = recentStderr.slice(-SHOWN_STDERR_LINES);
  return new HostError(
    'plugin_exited',
    `Plugin "${plugin}" (pid ${pid}) ${describeExit(exit)}${panicLine ? ` after "${panicLine}"` : ''} while serving requests. ` +
      'It will be restarted on the next request; if it keeps crashing, its log says why.' +
      (stderr.length > 0 ? `\nLast stderr lines:\n${stderr.join('\n')}` : ''),
    { pid, code: exit.code, signal: exit.signal, panic: panicLine, recentStderr: stderr },
  );
}

/** `unused`: its last mount went (or it was stopped directly); `host_shutdown`: the whole host stops. */
export type StopReason = 'unused' | 'host_shutdown';

/** What a request that waited on a stopped process is told: a stopped plugin, or a host that quits. */
export function stoppedWhileWaiting(plugin: string, reason: StopReason): HostError {
  return reason === 'host_shutdown' ? hostShuttingDownError() : pluginStoppedError(`Plugin "${plugin}"`, { plugin });
}

export function pluginBackingOffError(
  plugin: string,
  retryAt: number,
  failures: number,
  lastError: HostError | undefined,
): HostError {
  const seconds = Math.max(0, Math.ceil((retryAt - Date.now()) / 1000));
  return new HostError(
    'plugin_backing_off',
    `Plugin "${plugin}" failed ${failures} time(s) in a row, so restarts are paused; the next start is allowed in ` +
      `${seconds} s (at ${new Date(retryAt).toISOString()}).` +
      (lastError !== undefined ? ` Last failure: ${lastError.message}` : ''),
    { retryAt, failures, lastError: lastError?.toJSON() },
  );
}

const MiB = 1024 * 1024;

function mib(bytes: number): string {
  return `${Math.round(bytes / MiB)} MiB`;
}

export function memoryExceededError(
  entry: { type: string; name: string; version: string },
  pid: number,
  peakRssBytes: number,
  limitBytes: number,
): HostError {
  const suggested = Math.min(1024 * 1024, Math.max(2 * Math.round(limitBytes / MiB), Math.ceil((peakRssBytes * 1.5) / MiB)));
  return new HostError(
    'plugin_memory_exceeded',
    `Plugin "${entry.name}" (pid ${pid}) used ${mib(peakRssBytes)} of memory at its peak, over its ceiling of ${mib(limitBytes)}, so it was stopped; ` +
      'it will be restarted on the next request. If it keeps growing, it leaks: report it to its authors. ' +
      `If it needs more memory, raise the ceiling (memoryLimitMiB): ${limitsAdvice(entry, 'memoryLimitMiB', suggested)}.`,
    { pid, peakRssBytes, limitBytes, memoryLimitMiB: Math.round(limitBytes / MiB) },
  );
}

export function cpuRunawayError(plugin: string, pid: number, request: { method: string; path: string; timeoutMs: number }, cores: number, windowMs: number): HostError {
  return new HostError(
    'plugin_cpu_runaway',
    `Plugin "${plugin}" (pid ${pid}) did not answer ${request.method}${request.path === '' ? '' : ` on "${request.path}"`} within ${request.timeoutMs} ms ` +
      `and kept ${cores.toFixed(2)} core(s) busy for ${windowMs} ms after that, so it was killed as stuck in a loop; it will be restarted on the next request. ` +
      'That request probably never ends in this plugin: report it to its authors.',
    { pid, method: request.method, path: request.path, timeoutMs: request.timeoutMs, cores, windowMs },
  );
}
