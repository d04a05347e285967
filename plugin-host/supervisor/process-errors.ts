/** The supervisor's lifecycle errors, with messages that say what happens next. */
import { HostError } from '../errors';
import { SHOWN_STDERR_LINES } from '../launch/handshake';
import { describeExit, type PluginExit } from '../launch/launcher';

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

export function pluginStoppedError(plugin: string): HostError {
  return new HostError(
    'plugin_stopped',
    `Plugin "${plugin}" was stopped by the host; the request was not completed. Enable the mount again to use it.`,
  );
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
