import type { PluginConnection } from '../grpc/connection';
import { streamStdio } from '../grpc/plugin-services';
import type { LaunchedPlugin } from '../launch/launcher';
import type { PluginLogLine } from '../launch/log-line';
import { StderrLogReader } from '../launch/stderr-log';

export type StdioChannel = 'stdout' | 'stderr';

/**
 * What a Go plugin writes to os.Stdout/os.Stderr after the handshake arrives on go-plugin's stdio
 * stream. It goes through the same bounded, rate-limited reader as the process's real stderr, so a
 * plugin printing in a loop cannot flood the app. One reader per channel keeps partial lines apart.
 */
export function stdioLogReaders(plugin: string, pid: number, onLog: (line: PluginLogLine) => void): Record<StdioChannel, StderrLogReader> {
  const reader = (channel: StdioChannel) =>
    new StderrLogReader({ plugin, pid, onLog: (line) => onLog({ ...line, fields: { ...line.fields, channel } }) });
  return { stdout: reader('stdout'), stderr: reader('stderr') };
}

/** Opens go-plugin's stdio stream on the process's connection; its readers are flushed when the process exits. */
export function forwardStdio(connection: PluginConnection, launched: LaunchedPlugin, plugin: string, onLog: (line: PluginLogLine) => void): void {
  const stdio = stdioLogReaders(plugin, launched.pid, onLog);
  void launched.exited.then(() => {
    stdio.stdout.end();
    stdio.stderr.end();
  });
  streamStdio(connection, (channel, text) => stdio[channel].push(Buffer.from(text)));
}
