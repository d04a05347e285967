/**
 * Durations in whole seconds, as Vault's `parseutil.ParseDurationSecond` reads them: a number or
 * digit string is seconds; otherwise Go duration syntax (`1h30m`, `250ms`, `-5s`) plus `d` for days.
 */
const UNIT_SECONDS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  'µs': 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
};
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h|d)/gy;

/** Whole seconds (truncated toward zero), or undefined when the input is not a duration. */
export function parseDurationSeconds(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? Math.trunc(raw) : undefined;
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  if (text === '') return 0;
  if (/^[+-]?\d+$/.test(text)) return Number(text);
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.replace(/^[+-]/, '');
  if (body === '0') return 0;
  PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let match = PART.exec(body); match !== null; match = PART.exec(body)) {
    total += Number(match[1]) * (UNIT_SECONDS[match[2] ?? ''] ?? NaN);
    consumed = PART.lastIndex;
  }
  if (consumed !== body.length || consumed === 0 || Number.isNaN(total)) return undefined;
  return Math.trunc(sign * total + (sign > 0 ? 1e-9 : -1e-9));
}
