import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialRaw, parseForm, parseValue } from '../../../renderer/src/forms/form-values';
import type { FieldModel } from '../../../renderer/src/forms/openapi-form-model';
import type { FieldKind } from '../../../renderer/src/forms/field-kind';

function field(name: string, kind: FieldKind, extra: Partial<FieldModel> = {}): FieldModel {
  return { name, label: name, kind, description: '', required: false, sensitive: false, location: 'body', defaultValue: undefined, options: undefined, group: undefined, ...extra };
}

const accepted: [FieldKind, string | boolean, unknown][] = [
  ['string', ' kept as typed ', ' kept as typed '],
  ['name', 'app-01.db', 'app-01.db'],
  ['lowercase', 'MiXeD', 'mixed'],
  ['int', '42', 42],
  ['int64', '9007199254740993', '9007199254740993'],
  ['float', '2.5', 2.5],
  ['bool', true, true],
  ['duration', '1h30m', '1h30m'],
  ['duration', '3600', 3600],
  ['duration', '500ms', '500ms'],
  ['duration', '7d', '7d'],
  ['duration', ' 90s ', '90s'],
  ['time', '2026-01-31T12:00:00Z', '2026-01-31T12:00:00.000Z'],
  ['string-slice', 'a, b\nc', ['a', 'b', 'c']],
  ['comma-string-slice', 'x,y', ['x', 'y']],
  ['int-slice', '1, 2', [1, 2]],
  ['slice', '[{"a":1}]', [{ a: 1 }]],
];
for (const [kind, raw, value] of accepted) {
  test(`${kind}: ${JSON.stringify(raw)} → ${JSON.stringify(value)}`, () => assert.deepEqual(parseValue(kind, raw), { value }));
}

const rejected: [FieldKind, string][] = [
  ['int', '4.2'],
  ['float', 'abc'],
  ['duration', 'soon'],
  ['duration', '1.5d'],
  ['duration', '1h 30m'],
  ['duration', '5w'],
  ['time', 'not a date'],
  ['name', 'has space'],
  ['int-slice', '1, two'],
  ['slice', '{"a":1}'],
];
for (const [kind, raw] of rejected) {
  test(`${kind}: ${JSON.stringify(raw)} is refused with a reason`, () => assert.ok('error' in parseValue(kind, raw)));
}

test('map, kvpairs and header rows become objects; duplicate keys are refused', () => {
  const rows = [
    { key: 'username', value: 'admin' },
    { key: ' password ', value: 's3cret' },
    { key: '', value: 'ignored' },
  ];
  assert.deepEqual(parseValue('map', rows), { value: { username: 'admin', password: 's3cret' } });
  assert.deepEqual(parseValue('kvpairs', rows), { value: { username: 'admin', password: 's3cret' } });
  assert.deepEqual(parseValue('header', [{ key: 'X-A', value: 'one, two' }]), { value: { 'X-A': ['one', 'two'] } });
  assert.ok('error' in parseValue('map', [{ key: 'a', value: '1' }, { key: 'a', value: '2' }]));
});

test('parseForm: path parameters apart from the body, empty optional fields left out, required ones reported', () => {
  const fields = [field('path', 'string', { location: 'path', required: true }), field('data', 'map'), field('version', 'int'), field('email', 'string', { required: true, label: 'Email address' })];
  const parsed = parseForm(fields, { path: 'app/db', data: [{ key: 'k', value: 'v' }], version: '', email: '' });
  assert.deepEqual(parsed.pathParams, { path: 'app/db' });
  assert.deepEqual(parsed.data, { data: { k: 'v' } });
  assert.deepEqual(parsed.errors, { email: 'Email address is required.' });
});

test('initialRaw: defaults shown in the widget form', () => {
  assert.equal(initialRaw(field('admin', 'bool', { defaultValue: false })), false);
  assert.equal(initialRaw(field('prefix', 'string', { defaultValue: 'Hello, ' })), 'Hello, ');
  assert.equal(initialRaw(field('groups', 'string-slice', { defaultValue: ['a', 'b'] })), 'a, b');
  assert.deepEqual(initialRaw(field('opts', 'map', { defaultValue: { cas: 0 } })), [{ key: 'cas', value: '0' }]);
  assert.deepEqual(initialRaw(field('opts', 'kvpairs')), []);
});
