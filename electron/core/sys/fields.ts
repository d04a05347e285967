/**
 * What the declared field types do not say about sys/ input: a required string that may not be
 * empty, TTLs in whole seconds, and option maps of strings. Each error says how to fix the input.
 */
import { wholeSeconds } from '../../../proto/wire/duration';
import { CoreError } from '../core-errors';
import type { FieldData } from './declare';

function bad(message: string): never {
  throw new CoreError('invalid_request', message, { httpStatus: 400 });
}

/** A declared string that must be given and not be empty (validation already checked presence on writes). */
export function requiredText(data: FieldData, name: string): string {
  const value = data.get<string>(name);
  if (value === '') bad(`The field "${name}" is required: give it a non-empty string.`);
  return value;
}

export function optionalText(data: FieldData, name: string): string | undefined {
  return data.getOk<string>(name);
}

/** A TTL kept in whole seconds: the declared duration type reads the grammar, this refuses fractions and negatives. */
export function ttlSeconds(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const parsed = wholeSeconds(value);
  if (!parsed.ok) bad(`The field "${name}": ${parsed.problem}.`);
  return parsed.seconds;
}

/** An object of string values (numbers and booleans are written as text, as before). */
export function stringMap(value: unknown, name: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) bad(`The field "${name}" must be an object of string values, e.g. {"version": "2"}.`);
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') bad(`The value of "${name}.${key}" must be a string.`);
    out[key] = String(item);
  }
  return out;
}
