import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIELD_KINDS, NAME_PATTERN, fieldKindOf } from '../../../renderer/src/forms/field-kind';
import type { OpenApiSchema } from '../../../renderer/src/forms/openapi-types';

// What Vault's sdk/framework convertType emits for each FieldType (framework/openapi.go).
const cases: [string, OpenApiSchema, (typeof FIELD_KINDS)[number]][] = [
  ['TypeString', { type: 'string' }, 'string'],
  ['TypeNameString', { type: 'string', pattern: NAME_PATTERN }, 'name'],
  ['TypeLowerCaseString', { type: 'string', format: 'lowercase' }, 'lowercase'],
  ['TypeInt', { type: 'integer' }, 'int'],
  ['TypeInt64', { type: 'integer', format: 'int64' }, 'int64'],
  ['TypeDurationSecond', { type: 'string', format: 'duration' }, 'duration'],
  ['TypeDurationSecond (older Vault)', { type: 'integer', format: 'seconds' }, 'int'],
  ['TypeBool', { type: 'boolean' }, 'bool'],
  ['TypeMap', { type: 'object', format: 'map' }, 'map'],
  ['TypeKVPairs', { type: 'object', format: 'kvpairs' }, 'kvpairs'],
  ['TypeSlice', { type: 'array', items: { type: 'object' } }, 'slice'],
  ['TypeStringSlice', { type: 'array', items: { type: 'string' } }, 'string-slice'],
  ['TypeCommaIntSlice', { type: 'array', items: { type: 'integer' } }, 'int-slice'],
  ['TypeTime', { type: 'string', format: 'date-time' }, 'time'],
  ['TypeFloat', { type: 'number', format: 'float' }, 'float'],
  ['TypeHeader (named by x-strongroom-type)', { type: 'string', 'x-strongroom-type': 'header' } as OpenApiSchema, 'header'],
  ['TypeCommaStringSlice (named by x-strongroom-type)', { type: 'array', items: { type: 'string' }, 'x-strongroom-type': 'comma-string-slice' } as OpenApiSchema, 'comma-string-slice'],
];

for (const [name, schema, kind] of cases) {
  test(`${name} → ${kind}`, () => assert.equal(fieldKindOf(schema), kind));
}

test('a missing schema is a plain string', () => assert.equal(fieldKindOf(undefined), 'string'));

test('an unknown x-strongroom-type falls back to the OpenAPI type', () => {
  assert.equal(fieldKindOf({ type: 'boolean', 'x-strongroom-type': 'nonsense' } as OpenApiSchema), 'bool');
});

test('every kind is reachable from some schema', () => {
  const reached = new Set(cases.map(([, , kind]) => kind));
  assert.deepEqual(FIELD_KINDS.filter((kind) => !reached.has(kind)), []);
});
