/**
 * Durations as users type them (Vault's `parseutil.ParseDurationSecond`): a whole number of
 * seconds (`3600`, `"3600"`) or Go-style units (`"90s"`, `"1h30m"`, `"768h"`). Shared by the
 * contract schemas and the renderer's forms, so both accept exactly the same text.
 */
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
const GO_DURATION = /^(?:(\d+(?:\.\d+)?)(d|h|m|s))+$/;
const PART = /(\d+(?:\.\d+)?)(d|h|m|s)/g;

/** Seconds, or `undefined` when the text is not a duration. */
export function parseDurationSeconds(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  if (!GO_DURATION.test(text)) return undefined;
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(PART)) seconds += Number(amount) * (UNIT_SECONDS[unit!] ?? 0);
  return Math.floor(seconds);
}

/** `3600` → `"1h"`, `5400` → `"1h30m"`, `0` → `"0s"`. */
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
