/**
 * What a widget holds (mostly text, as typed) ↔ what the request sends. Parsing lives here, next
 * to the field model, so the widgets stay dumb and every conversion is unit-tested.
 */
import { parseDurationSecond } from '../../../proto/wire/duration';
import type { FieldKind } from './field-kind';
import type { FieldModel } from './openapi-form-model';

export interface KeyValueRow {
  key: string;
  value: string;
}
export type RawValue = string | boolean | KeyValueRow[];
export type RawValues = Record<string, RawValue>;

const PAIR_KINDS: ReadonlySet<FieldKind> = new Set(['map', 'kvpairs', 'header']);

export function emptyRaw(kind: FieldKind): RawValue {
  if (kind === 'bool') return false;
  if (PAIR_KINDS.has(kind)) return [];
  return '';
}

/** The widget's starting value: the field's default, or empty. */
export function initialRaw(field: FieldModel): RawValue {
  const value = field.defaultValue;
  if (value === undefined || value === null) return emptyRaw(field.kind);
  if (field.kind === 'bool') return value === true || value === 'true';
  if (PAIR_KINDS.has(field.kind)) {
    if (typeof value !== 'object') return [];
    return Object.entries(value as Record<string, unknown>).map(([key, v]) => ({ key, value: String(v) }));
  }
  if (field.kind === 'slice') return JSON.stringify(value);
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

export function initialValues(fields: FieldModel[]): RawValues {
  return Object.fromEntries(fields.map((f) => [f.name, initialRaw(f)]));
}

export interface ParsedForm {
  pathParams: Record<string, string>;
  data: Record<string, unknown>;
  /** Field name → what is wrong with it; empty when the form can be sent. */
  errors: Record<string, string>;
}

export function parseForm(fields: FieldModel[], raw: RawValues): ParsedForm {
  const parsed: ParsedForm = { pathParams: {}, data: {}, errors: {} };
  for (const field of fields) {
    const value = raw[field.name] ?? emptyRaw(field.kind);
    if (isEmpty(field.kind, value)) {
      if (field.required) parsed.errors[field.name] = `${field.label} is required.`;
      continue;
    }
    const result = parseValue(field.kind, value);
    if ('error' in result) parsed.errors[field.name] = `${field.label}: ${result.error}`;
    else if (field.location === 'path') parsed.pathParams[field.name] = String(result.value);
    else parsed.data[field.name] = result.value;
  }
  return parsed;
}

function isEmpty(kind: FieldKind, value: RawValue): boolean {
  if (kind === 'bool') return false;
  if (Array.isArray(value)) return value.every((row) => row.key.trim() === '');
  return typeof value === 'string' && value.trim() === '';
}

type Parsed = { value: unknown } | { error: string };

export function parseValue(kind: FieldKind, value: RawValue): Parsed {
  if (Array.isArray(value)) return pairs(kind, value);
  if (typeof value === 'boolean') return { value };
  const text = value.trim();
  switch (kind) {
    case 'int':
    case 'int64': {
      if (!/^-?\d+$/.test(text)) return { error: 'expected a whole number' };
      const n = Number(text);
      // Beyond 2^53 a JSON number would lose digits; Vault's int64 fields accept the string.
      return { value: Number.isSafeInteger(n) ? n : text };
    }
    case 'float': {
      const n = Number(text);
      return Number.isFinite(n) ? { value: n } : { error: 'expected a number' };
    }
    case 'bool':
      return { value: text === 'true' };
    case 'duration': {
      // The plugin reads it with Vault's grammar; the same grammar checks it here first.
      const parsed = parseDurationSecond(text);
      if (!parsed.ok) return { error: parsed.problem };
      return { value: /^[+-]?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text };
    }
    case 'time': {
      const ms = Date.parse(text);
      return Number.isNaN(ms) ? { error: 'expected a date and time' } : { value: new Date(ms).toISOString() };
    }
    case 'lowercase':
      return { value: text.toLowerCase() };
    case 'name':
      return /^\w([\w-.]*\w)?$/.test(text) ? { value: text } : { error: 'letters, digits, "-", "_" and "." only' };
    case 'string-slice':
    case 'comma-string-slice':
      return { value: splitList(text) };
    case 'int-slice': {
      const items = splitList(text);
      return items.every((i) => /^-?\d+$/.test(i)) ? { value: items.map(Number) } : { error: 'expected whole numbers' };
    }
    case 'slice':
      return jsonArray(text);
    default:
      return { value: value };
  }
}

function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function jsonArray(text: string): Parsed {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? { value } : { error: 'expected a JSON array, e.g. [{"a": 1}]' };
  } catch {
    return { error: 'expected a JSON array, e.g. [{"a": 1}]' };
  }
}

function pairs(kind: FieldKind, rows: KeyValueRow[]): Parsed {
  const filled = rows.filter((r) => r.key.trim() !== '');
  const keys = filled.map((r) => r.key.trim());
  const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
  if (duplicate !== undefined) return { error: `the key "${duplicate}" appears twice` };
  if (kind === 'header') return { value: Object.fromEntries(filled.map((r) => [r.key.trim(), splitList(r.value)])) };
  return { value: Object.fromEntries(filled.map((r) => [r.key.trim(), r.value])) };
}
