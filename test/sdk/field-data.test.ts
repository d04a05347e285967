import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FieldData, FieldValidationError } from '../../sdk/field-data';
import type { FieldType, Fields } from '../../sdk/types';

const coerce = (type: FieldType, raw: unknown) => FieldData.validate({ f: { type } }, { f: raw }, false).get('f');
const fails = (type: FieldType, raw: unknown, message: RegExp) =>
  assert.throws(() => coerce(type, raw), (error: unknown) => error instanceof FieldValidationError && message.test(error.message));

describe('field coercion (Vault weak typing)', () => {
  const cases: Array<[FieldType, unknown, unknown]> = [
    ['string', 42, '42'],
    ['string', true, '1'],
    ['int', '0x1f', 31],
    ['int', '-12', -12],
    ['int', 3.9, 3],
    ['int64', '9007199254740993', 9007199254740993n],
    ['bool', 'true', true],
    ['bool', 'F', false],
    ['bool', 0, false],
    ['float', '2.5', 2.5],
    ['duration', '1h30m', 5400],
    ['duration', '90', 90],
    ['duration', 60, 60],
    ['duration', '1d', 86400],
    ['signedDuration', '-5s', -5],
    ['slice', 'one', ['one']],
    ['stringSlice', [' a ', 'b'], ['a', 'b']],
    ['stringSlice', '', []],
    ['commaStringSlice', 'a, b,c', ['a', 'b', 'c']],
    ['commaStringSlice', ['x', 'y'], ['x', 'y']],
    ['commaIntSlice', '1,2', [1, 2]],
    ['lowercaseString', 'MiXed', 'mixed'],
    ['nameString', 'my-role.1', 'my-role.1'],
    ['keyPairs', ['a=1', 'b=x=y'], { a: '1', b: 'x=y' }],
    ['keyPairs', { a: 1 }, { a: '1' }],
    ['map', { k: [1] }, { k: [1] }],
    ['header', { Accept: ['a', 'b'], 'X-One': 'v' }, { Accept: ['a', 'b'], 'X-One': ['v'] }],
    ['header', ['content-type: text/plain'], { 'content-type': ['text/plain'] }],
    ['time', '2025-01-02T03:04:05Z', new Date('2025-01-02T03:04:05Z')],
    ['time', 0, new Date(0)],
  ];
  for (const [type, raw, want] of cases) {
    it(`${type}: ${JSON.stringify(raw, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`, () => assert.deepEqual(coerce(type, raw), want));
  }

  it('rejects what does not convert, with the field named', () => {
    fails('int', 'twelve', /^Field validation failed: error converting input for field "f": cannot parse 'twelve' as int$/);
    fails('bool', 'maybe', /cannot parse 'maybe' as bool/);
    fails('duration', '-5s', /cannot provide negative value '-5'/);
    fails('duration', '5 parsecs', /as a duration/);
    fails('nameString', 'not ok', /does not match the formatting rules/);
    fails('string', { a: 1 }, /expected type 'string', got unconvertible type 'object'/);
    fails('keyPairs', ['novalue'], /invalid key pair "novalue"/);
    fails('time', 'yesterday', /RFC 3339/);
  });
});

describe('FieldData', () => {
  const schema: Fields = {
    name: { type: 'string', required: true },
    ttl: { type: 'duration', default: '1h' },
    admin: { type: 'bool' },
    color: { type: 'string', allowedValues: ['red', 'blue'] },
  };

  it('get: value, else coerced default, else zero value; has/getOk tell presence', () => {
    const data = FieldData.validate(schema, { name: 'x' }, false);
    assert.equal(data.get('name'), 'x');
    assert.equal(data.get('ttl'), 3600);
    assert.equal(data.get('admin'), false);
    assert.equal(data.has('admin'), false);
    assert.equal(data.getOk('admin'), undefined);
    assert.throws(() => data.get('nope'), /not declared/);
  });

  it('required fields are enforced only when asked', () => {
    assert.throws(() => FieldData.validate(schema, {}, true), /missing required field\(s\): name/);
    assert.doesNotThrow(() => FieldData.validate(schema, {}, false));
  });

  it('allowed values are enforced', () => {
    assert.throws(() => FieldData.validate(schema, { color: 'green' }, false), /must be one of \["red","blue"\]/);
  });
});
