/** Reading Vault-style request fields (untyped JSON) for the system backend, with clear errors. */
import { CoreError } from '../core-errors';

function bad(message: string): never {
  throw new CoreError('invalid_request', message, { httpStatus: 400 });
}

export function field(data: Record<string, unknown>, name: string): string {
  const value = data[name];
  if (typeof value !== 'string' || value === '') bad(`The field "${name}" is required (a string).`);
  return value;
}

export function optionalString(data: Record<string, unknown>, name: string): string | undefined {
  const value = data[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') bad(`The field "${name}" must be a string.`);
  return value;
}

/** A list of strings, or a comma-separated string (Vault's comma-string-slice). */
export function stringList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value === '' ? [] : value.split(',').map((item) => item.trim());
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return bad('Expected a list of strings.');
}

export function stringMap(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) bad('Expected an object of string values.');
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') bad(`The value of "${key}" must be a string.`);
    out[key] = String(item);
  }
  return out;
}
