/**
 * One line of plugin stderr → one structured log line.
 *
 * Go Vault plugins log hclog JSON (`@level`, `@message`, `@timestamp`, other keys are fields);
 * anything else is plain text, where a `[INFO]`-style prefix selects the level and a Go
 * `panic:` / `fatal error:` line switches the rest of the stream to error level (the stack
 * trace that follows has no prefix of its own).
 */

export type PluginLogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface PluginLogLine {
  time: string;
  level: PluginLogLevel;
  message: string;
  fields: Record<string, unknown>;
  plugin: string;
  mount?: string;
  pid: number;
}

/** The part of a log line that comes from the text itself (the reader adds the tags). */
export type ParsedLogText = Pick<PluginLogLine, 'time' | 'level' | 'message' | 'fields'>;

const LEVELS: Record<string, PluginLogLevel> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
};

const PLAIN_PREFIX = /^\[(TRACE|DEBUG|INFO|WARN|ERROR)\]\s?/;
const PANIC_START = /^(panic: |fatal error: )/;

/** Per-stream parsing state: once a Go panic starts, untagged lines belong to it. */
export class LogLineParser {
  private panicking = false;

  parse(text: string, now: Date = new Date()): ParsedLogText {
    if (text.startsWith('{')) {
      const parsed = parseHclogJson(text, now);
      if (parsed) return parsed;
    }
    const time = now.toISOString();
    const prefix = PLAIN_PREFIX.exec(text);
    if (prefix) {
      return { time, level: LEVELS[(prefix[1] ?? '').toLowerCase()] ?? 'debug', message: text.slice(prefix[0].length), fields: {} };
    }
    if (PANIC_START.test(text)) this.panicking = true;
    return { time, level: this.panicking ? 'error' : 'debug', message: text, fields: {} };
  }
}

/** A line that is not a JSON object with `@message` or `@level` is not hclog: undefined. */
function parseHclogJson(text: string, now: Date): ParsedLogText | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (!('@message' in record) && !('@level' in record)) return undefined;

  const { '@message': message, '@level': level, '@timestamp': timestamp, ...fields } = record;
  const knownLevel = typeof level === 'string' ? LEVELS[level.toLowerCase()] : undefined;
  // An unknown level is kept as a field so nothing the plugin said is lost.
  if (knownLevel === undefined && level !== undefined) fields['@level'] = level;
  return {
    time: normaliseTimestamp(timestamp, now),
    level: knownLevel ?? 'debug',
    message: typeof message === 'string' ? message : message === undefined ? '' : JSON.stringify(message),
    fields,
  };
}

function normaliseTimestamp(value: unknown, now: Date): string {
  if (typeof value === 'string') {
    const millis = Date.parse(value);
    if (!Number.isNaN(millis)) return new Date(millis).toISOString();
  }
  return now.toISOString();
}
