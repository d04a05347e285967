/**
 * The field types of Vault's `sdk/framework` (and our TS SDK), as the form knows them, and how
 * each is recognised in OpenAPI. Vault's OpenAPI generator folds a few types together
 * (TypeHeader → plain string, TypeCommaStringSlice → string array, TypeSignedDurationSecond →
 * duration), so those kinds are only chosen when a document names them with `x-strongroom-type`.
 */
import type { OpenApiSchema } from './openapi-types';

export const FIELD_KINDS = [
  'string',
  'name',
  'lowercase',
  'int',
  'int64',
  'float',
  'bool',
  'duration',
  'time',
  'map',
  'kvpairs',
  'header',
  'slice',
  'string-slice',
  'comma-string-slice',
  'int-slice',
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** Vault's TypeNameString pattern, the only way OpenAPI tells a name from a plain string. */
export const NAME_PATTERN = '\\w([\\w-.]*\\w)?';

export function isFieldKind(value: unknown): value is FieldKind {
  return typeof value === 'string' && (FIELD_KINDS as readonly string[]).includes(value);
}

export function fieldKindOf(schema: OpenApiSchema | undefined): FieldKind {
  if (schema === undefined) return 'string';
  const declared = (schema as { 'x-strongroom-type'?: unknown })['x-strongroom-type'];
  if (isFieldKind(declared)) return declared;
  switch (schema.type) {
    case 'integer':
      return schema.format === 'int64' ? 'int64' : 'int';
    case 'number':
      return 'float';
    case 'boolean':
      return 'bool';
    case 'object':
      return schema.format === 'kvpairs' ? 'kvpairs' : schema.format === 'header' ? 'header' : 'map';
    case 'array': {
      const item = schema.items?.type;
      if (item === 'string') return 'string-slice';
      if (item === 'integer') return 'int-slice';
      return 'slice';
    }
    default:
      if (schema.format === 'duration' || schema.format === 'seconds') return 'duration';
      if (schema.format === 'date-time') return 'time';
      if (schema.format === 'lowercase') return 'lowercase';
      if (schema.pattern === NAME_PATTERN) return 'name';
      return 'string';
  }
}
