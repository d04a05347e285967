/**
 * The one duration grammar, Vault's `parseutil.ParseDurationSecond`, for every side of the wire:
 * the contract's mount TTLs, the renderer's forms and the SDK's duration fields.
 *
 * - `""` (and no value) is 0.
 * - A whole number, as a number or as decimal text with an optional sign, is seconds (`90`, `"-5"`).
 * - Text ending in `d` is whole days: `"7d"`; nothing else combines with `d` (`"1.5d"`, `"1h2d"` fail).
 * - Anything else is Go's `time.ParseDuration`: an optional sign, then one or more
 *   `<number><unit>` with units ns, us (µs, μs), ms, s, m, h and decimal fractions (`"1h30m"`,
 *   `"1.5h"`, `".5s"`, `"500ms"`); no spaces, units are case-sensitive.
 * - A non-integer number is refused, as Vault refuses a JSON `1.5` (its JSON decoder keeps numbers
 *   as text, which then has no unit).
 * The result is a Go `time.Duration`: int64 nanoseconds. Where Go would wrap around past int64
 * (`"10000000000"` seconds), this refuses instead. No Node imports: the renderer bundles it.
 */
import { NANOS_PER_SECOND } from './go-time';

export type DurationParse = { ok: true; nanos: bigint } | { ok: false; problem: string };

/** What to write instead; every problem below ends with advice like it. */
export const DURATION_HINT = 'use seconds (90) or a duration such as 90s, 1h30m or 7d';

const MAX_NANOS = (1n << 63n) - 1n;
const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: NANOS_PER_SECOND,
  m: 60n * NANOS_PER_SECOND,
  h: 3600n * NANOS_PER_SECOND,
};
const DAY_NANOS = 86_400n * NANOS_PER_SECOND;
const SIGNED_INTEGER = /^[+-]?\d+$/;

/** Reads a duration as Vault's ParseDurationSecond does (see the module comment). */
export function parseDurationSecond(input: unknown): DurationParse {
  if (input === undefined || input === null || input === '') return { ok: true, nanos: 0n };
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input)) return refuse(String(input), Number.isInteger(input) ? 'is too long' : 'has a fraction but no unit');
    return scaled(BigInt(input), NANOS_PER_SECOND, String(input));
  }
  if (typeof input !== 'string') return { ok: false, problem: `a ${typeof input} is not a duration; ${DURATION_HINT}` };
  if (SIGNED_INTEGER.test(input)) return scaled(BigInt(input), NANOS_PER_SECOND, input);
  if (input.endsWith('d')) {
    const days = input.slice(0, -1);
    if (!SIGNED_INTEGER.test(days)) return refuse(input, 'counts days, which must be a whole number and stand alone (e.g. 7d)');
    return scaled(BigInt(days), DAY_NANOS, input);
  }
  return goDuration(input);
}

/** Whole seconds as Vault's framework reads a duration field: `int(d.Seconds())`, truncated toward zero. */
export function durationSeconds(input: unknown): { ok: true; seconds: number } | { ok: false; problem: string } {
  const parsed = parseDurationSecond(input);
  return parsed.ok ? { ok: true, seconds: Number(parsed.nanos / NANOS_PER_SECOND) } : parsed;
}

/**
 * For the TTLs Strongroom keeps in whole seconds (mount TTLs, lease increments): like
 * durationSeconds, but a negative value or a fraction of a second is refused rather than cut.
 */
export function wholeSeconds(input: unknown): { ok: true; seconds: number } | { ok: false; problem: string } {
  const parsed = parseDurationSecond(input);
  if (!parsed.ok) return parsed;
  if (parsed.nanos < 0n) return refuse(String(input), 'is negative', 'give 0 (the default) or more');
  if (parsed.nanos % NANOS_PER_SECOND !== 0n) {
    return refuse(String(input), 'is not a whole number of seconds', 'TTLs are kept in whole seconds: e.g. 1s, 90s, 1h30m');
  }
  return { ok: true, seconds: Number(parsed.nanos / NANOS_PER_SECOND) };
}

/** `3600` → `"1h"`, `5400` → `"1h30m"`, `0` → `"0s"`: text every reader above gives back as the same seconds. */
export function formatDurationSeconds(seconds: number): string {
  if (seconds <= 0) return '0s';
  let rest = Math.floor(seconds);
  let text = '';
  for (const [unit, size] of [['h', 3600], ['m', 60], ['s', 1]] as const) {
    const amount = Math.floor(rest / size);
    if (amount > 0) text += `${amount}${unit}`;
    rest -= amount * size;
  }
  return text;
}

function refuse(text: string, why: string, advice = DURATION_HINT): { ok: false; problem: string } {
  return { ok: false, problem: `"${text}" ${why}; ${advice}` };
}

function scaled(amount: bigint, unit: bigint, text: string): DurationParse {
  const nanos = amount * unit;
  return nanos > MAX_NANOS || nanos < -MAX_NANOS - 1n ? refuse(text, 'is too long (at most about 292 years)') : { ok: true, nanos };
}

/** Go's time.ParseDuration, step for step: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or `0`. */
function goDuration(text: string): DurationParse {
  let rest = text;
  const negative = rest.startsWith('-');
  if (negative || rest.startsWith('+')) rest = rest.slice(1);
  if (rest === '0') return { ok: true, nanos: 0n };
  if (rest === '') return refuse(text, 'is not a duration');
  if (/\s/.test(rest)) return refuse(text, 'has spaces', 'write it without them, e.g. 1h30m');
  let total = 0n;
  while (rest !== '') {
    const number = /^(\d*)(?:\.(\d*))?/.exec(rest)!;
    const [whole = '', fraction] = [number[1], number[2]];
    if (whole === '' && (fraction === undefined || fraction === '')) return refuse(text, 'is not a duration');
    rest = rest.slice(number[0].length);
    const unit = /^[^\d.]*/.exec(rest)![0];
    if (unit === '') return refuse(text, 'has a number without a unit');
    rest = rest.slice(unit.length);
    const size = UNIT_NANOS[unit];
    if (size === undefined) return refuse(text, `has an unknown unit "${unit}"`);
    let nanos = BigInt(whole === '' ? '0' : whole) * size;
    if (fraction !== undefined && fraction !== '') {
      // Go adds the fraction in float64: uint64(float64(f) * (float64(unit) / scale)).
      nanos += BigInt(Math.trunc(Number(fraction) * (Number(size) / 10 ** fraction.length)));
    }
    total += nanos;
    if (total > MAX_NANOS + 1n) return refuse(text, 'is too long (at most about 292 years)');
  }
  if (!negative && total > MAX_NANOS) return refuse(text, 'is too long (at most about 292 years)');
  return { ok: true, nanos: negative ? -total : total };
}
