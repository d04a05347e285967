/**
 * Logging for plugins: one hclog JSON object per line on stderr, which go-plugin hosts (Vault,
 * Strongroom) parse and re-log. hclog's timestamp layout needs exactly six fractional digits; a
 * plain `toISOString()` (three) makes the host treat the whole line as unparsed text.
 */
import { format } from 'node:util';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  trace(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** `2025-03-01T10:00:00.123456Z`. */
export function hclogTimestamp(epochMs: number = performance.timeOrigin + performance.now()): string {
  const whole = Math.floor(epochMs);
  const micros = Math.floor((epochMs - whole) * 1000);
  const iso = new Date(whole).toISOString(); // …ss.mmmZ
  return `${iso.slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}

export function hclogLine(level: LogLevel, message: string, fields: Record<string, unknown> = {}): string {
  const entry: Record<string, unknown> = { '@level': level, '@message': message, '@timestamp': hclogTimestamp() };
  for (const [key, value] of Object.entries(fields)) {
    entry[key] = typeof value === 'bigint' ? value.toString() : value instanceof Error ? value.message : value;
  }
  return JSON.stringify(entry);
}

export function createLogger(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`), module?: string): Logger {
  const log = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) =>
    write(hclogLine(level, message, module === undefined ? fields : { '@module': module, ...fields }));
  return { trace: log('trace'), debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/**
 * Sends `console.*` to stderr as hclog lines. Must run before anything prints: stdout belongs
 * to the handshake line.
 */
export function redirectConsole(logger: Logger): void {
  const to = (level: LogLevel) => (...args: unknown[]) => logger[level](format(...args));
  console.log = to('info');
  console.info = to('info');
  console.debug = to('debug');
  console.trace = to('trace');
  console.warn = to('warn');
  console.error = to('error');
}
