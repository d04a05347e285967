/**
 * Waits for the first line a child writes on stdout (the go-plugin handshake), then keeps
 * draining stdout and drops it: after the handshake stdout carries nothing for us, and a pipe
 * nobody reads would eventually block the plugin.
 */
import type { ChildProcess } from 'node:child_process';

export type FirstLine =
  | { kind: 'line'; text: string }
  | { kind: 'timeout' }
  | { kind: 'exit'; partialStdout: string };

/** A handshake line is well under 2 KiB; past this, whatever it is, it is not one. */
const MAX_FIRST_LINE_CHARS = 64 * 1024;
/** After 'exit', how long stdout may still deliver a line that was written before it. */
const STDOUT_DRAIN_AFTER_EXIT_MS = 250;

export function waitForFirstLine(child: ChildProcess, timeoutMs: number): Promise<FirstLine> {
  const stdout = child.stdout;
  if (!stdout) throw new Error('waitForFirstLine needs a piped stdout');
  stdout.setEncoding('utf8');

  return new Promise((resolve) => {
    let buffered = '';
    let settled = false;
    let drainTimer: NodeJS.Timeout | undefined;

    const settle = (result: FirstLine): void => {
      if (settled) return;
      settled = true;
      clearTimeout(startTimer);
      clearTimeout(drainTimer);
      child.off('exit', onExit);
      stdout.off('end', onStdoutEnd);
      buffered = '';
      resolve(result);
    };
    const onData = (chunk: string): void => {
      if (settled) return; // draining: discard
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline !== -1) settle({ kind: 'line', text: buffered.slice(0, newline) });
      else if (buffered.length > MAX_FIRST_LINE_CHARS) settle({ kind: 'line', text: buffered });
    };
    const onStdoutEnd = (): void => {
      if (child.exitCode !== null || child.signalCode !== null) settle({ kind: 'exit', partialStdout: buffered });
    };
    const onExit = (): void => {
      if (stdout.readableEnded) settle({ kind: 'exit', partialStdout: buffered });
      else drainTimer = setTimeout(() => settle({ kind: 'exit', partialStdout: buffered }), STDOUT_DRAIN_AFTER_EXIT_MS);
    };

    const startTimer = setTimeout(() => settle({ kind: 'timeout' }), timeoutMs);
    stdout.on('data', onData);
    stdout.on('end', onStdoutEnd);
    stdout.on('error', () => undefined);
    child.on('exit', onExit);
  });
}
