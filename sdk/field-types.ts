/**
 * Per field type: how raw request input is coerced (Vault's weakly typed decoding, so "3" is an
 * int and "true" a bool), the name help text uses, and the OpenAPI type. A coercion failure
 * throws a `FieldTypeError` whose message becomes "Field validation failed: …".
 */
import { durationSeconds } from '../proto/wire/duration';
import type { FieldType } from './types';

export class FieldTypeError extends Error {}

interface TypeInfo {
  /** Name in path help (`framework.FieldType.String()`). */
  helpName: string;
  openapi: { type: string; format?: string; pattern?: string; items?: string };
  coerce(raw: unknown): unknown;
  zero(): unknown;
}

const NAME_PATTERN = /^\w(([\w-.]+)?\w)?$/;

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function unconvertible(target: string, raw: unknown): FieldTypeError {
  return new FieldTypeError(`expected type '${target}', got unconvertible type '${kind(raw)}', value: '${JSON.stringify(raw)}'`);
}

function toText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'bigint') return String(raw);
  if (typeof raw === 'boolean') return raw ? '1' : '0';
  if (raw === null) return '';
  throw unconvertible('string', raw);
}

function toBool(raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'number') return raw !== 0;
  if (raw === null) return false;
  if (typeof raw === 'string') {
    if (raw === '') return false;
    if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
    if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
    throw new FieldTypeError(`cannot parse '${raw}' as bool`);
  }
  throw unconvertible('bool', raw);
}

function toInt(raw: unknown): number {
  if (typeof raw === 'number') return Math.trunc(raw);
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  if (raw === null) return 0;
  if (typeof raw === 'string') {
    if (raw === '') return 0;
    // Go's strconv.ParseInt with base 0: decimal, 0x…, 0o…, 0b….
    const match = /^([+-]?)(0x[0-9a-f]+|0o[0-7]+|0b[01]+|\d+)$/i.exec(raw);
    const n = match ? (match[1] === '-' ? -1 : 1) * Number(match[2]) : NaN;
    if (!Number.isSafeInteger(n)) throw new FieldTypeError(`cannot parse '${raw}' as int`);
    return n;
  }
  throw unconvertible('int', raw);
}

function toInt64(raw: unknown): bigint {
  if (typeof raw === 'bigint') return raw;
  if (typeof raw === 'string' && /^[+-]?\d+$/.test(raw)) return BigInt(raw);
  return BigInt(toInt(raw));
}

function toFloat(raw: unknown): number {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  if (raw === null) return 0;
  if (typeof raw === 'string') {
    const n = raw === '' ? 0 : Number(raw);
    if (Number.isNaN(n)) throw new FieldTypeError(`cannot parse '${raw}' as float`);
    return n;
  }
  throw unconvertible('float', raw);
}

function toArray(raw: unknown): unknown[] {
  if (Array.isArray(raw)) return raw;
  if (raw === null || raw === undefined) return [];
  return [raw];
}

function toObject(raw: unknown, target: string): Record<string, unknown> {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
  if (Array.isArray(raw) && raw.length === 0) return {};
  throw unconvertible(target, raw);
}

function commaSplit(raw: unknown): unknown[] {
  if (typeof raw === 'string') return raw === '' ? [] : raw.split(',');
  return toArray(raw);
}

function toKeyPairs(raw: unknown): Record<string, string> {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, toText(v)]));
  }
  const result: Record<string, string> = {};
  for (const item of toArray(raw)) {
    const pair = toText(item);
    const at = pair.indexOf('=');
    if (at <= 0) throw new FieldTypeError(`invalid key pair "${pair}"`);
    result[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return result;
}

function toHeader(raw: unknown): Record<string, string[]> {
  let input = raw;
  if (typeof input === 'string') {
    const text = input.trim().startsWith('{') ? input : Buffer.from(input, 'base64').toString('utf8');
    try {
      input = JSON.parse(text) as unknown;
    } catch {
      throw new FieldTypeError('header must be a JSON object, base64 JSON, or "name:value" strings');
    }
  }
  const header: Record<string, string[]> = {};
  const add = (name: string, value: unknown) => {
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new FieldTypeError(`received non-string value for header key:${name}`);
    }
    (header[name] ??= []).push(String(value));
  };
  if (Array.isArray(input)) {
    for (const item of input) {
      const text = toText(item);
      const at = text.indexOf(':');
      if (at <= 0) throw new FieldTypeError(`invalid header "${text}"; want "name:value"`);
      add(text.slice(0, at).trim(), text.slice(at + 1).trim());
    }
    return header;
  }
  for (const [name, value] of Object.entries(toObject(input, 'header'))) {
    for (const item of Array.isArray(value) ? value : [value]) add(name, item);
  }
  return header;
}

function toTime(raw: unknown): Date {
  if (typeof raw === 'number' || (typeof raw === 'string' && /^\d+$/.test(raw))) return new Date(Number(raw) * 1000);
  if (typeof raw === 'string') {
    const date = new Date(raw);
    if (!Number.isNaN(date.getTime()) && /^\d{4}-\d{2}-\d{2}T/.test(raw)) return date;
  }
  throw new FieldTypeError(`cannot parse ${JSON.stringify(raw)} as an RFC 3339 time or unix seconds`);
}

function toDuration(raw: unknown, allowNegative: boolean): number {
  const parsed = durationSeconds(raw);
  if (!parsed.ok) throw new FieldTypeError(`cannot parse ${JSON.stringify(raw)} as a duration: ${parsed.problem}`);
  // As Vault's framework: the check is on the whole seconds, so "-500ms" is 0 and allowed.
  if (!allowNegative && parsed.seconds < 0) throw new FieldTypeError(`cannot provide negative value '${parsed.seconds}'`);
  return parsed.seconds;
}

const duration = (allowNegative: boolean): TypeInfo => ({
  helpName: 'duration (sec)',
  openapi: { type: 'string', format: 'duration' },
  coerce: (raw) => toDuration(raw, allowNegative),
  zero: () => 0,
});

export const FIELD_TYPES: Record<FieldType, TypeInfo> = {
  string: { helpName: 'string', openapi: { type: 'string' }, coerce: toText, zero: () => '' },
  lowercaseString: {
    helpName: 'lowercase string',
    openapi: { type: 'string', format: 'lowercase' },
    coerce: (raw) => toText(raw).toLowerCase(),
    zero: () => '',
  },
  nameString: {
    helpName: 'name string',
    openapi: { type: 'string', pattern: '\\w([\\w-.]*\\w)?' },
    coerce: (raw) => {
      const text = toText(raw);
      if (!NAME_PATTERN.test(text)) throw new FieldTypeError('field does not match the formatting rules');
      return text;
    },
    zero: () => '',
  },
  int: { helpName: 'int', openapi: { type: 'integer' }, coerce: toInt, zero: () => 0 },
  int64: { helpName: 'int64', openapi: { type: 'integer', format: 'int64' }, coerce: toInt64, zero: () => 0n },
  float: { helpName: 'float', openapi: { type: 'number', format: 'float' }, coerce: toFloat, zero: () => 0 },
  bool: { helpName: 'bool', openapi: { type: 'boolean' }, coerce: toBool, zero: () => false },
  map: { helpName: 'map', openapi: { type: 'object', format: 'map' }, coerce: (raw) => toObject(raw, 'map'), zero: () => ({}) },
  keyPairs: { helpName: 'keypair', openapi: { type: 'object', format: 'kvpairs' }, coerce: toKeyPairs, zero: () => ({}) },
  duration: duration(false),
  signedDuration: duration(true),
  slice: { helpName: 'slice', openapi: { type: 'array', items: 'object' }, coerce: toArray, zero: () => [] },
  stringSlice: {
    helpName: 'slice',
    openapi: { type: 'array', items: 'string' },
    coerce: (raw) => (raw === '' ? [] : toArray(raw).map((v) => toText(v).trim())),
    zero: () => [],
  },
  commaStringSlice: {
    helpName: 'slice',
    openapi: { type: 'array', items: 'string' },
    coerce: (raw) => commaSplit(raw).map((v) => toText(v).trim()),
    zero: () => [],
  },
  commaIntSlice: {
    helpName: 'slice',
    openapi: { type: 'array', items: 'integer' },
    coerce: (raw) => commaSplit(raw).map((v) => toInt(typeof v === 'string' ? v.trim() : v)),
    zero: () => [],
  },
  header: { helpName: 'header', openapi: { type: 'string' }, coerce: toHeader, zero: () => ({}) },
  time: { helpName: 'time', openapi: { type: 'string', format: 'date-time' }, coerce: toTime, zero: () => new Date(-62135596800000) },
};
