import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveMountType } from '../../../../electron/core/mounts/mount-type';

// What OpenBao 2.7.2 lists after `POST sys/mounts/<p>` with each type (checked against a dev server).
const cases: Array<[string, string, Record<string, string>, { type: string; options: Record<string, string> }]> = [
  ['kv as given, no options', 'kv', {}, { type: 'kv', options: {} }],
  ['kv with version 2', 'kv', { version: '2' }, { type: 'kv', options: { version: '2' } }],
  ['kv-v1', 'kv-v1', {}, { type: 'kv', options: { version: '1' } }],
  ['kv-v2', 'kv-v2', {}, { type: 'kv', options: { version: '2' } }],
  ['kv-v2 wins over a version option', 'kv-v2', { version: '1' }, { type: 'kv', options: { version: '2' } }],
  ['kv-v1 keeps other options', 'kv-v1', { foo: 'bar' }, { type: 'kv', options: { foo: 'bar', version: '1' } }],
  ['any other plugin name is itself', 'custom', { version: '2' }, { type: 'custom', options: { version: '2' } }],
];

for (const [name, type, options, expected] of cases) {
  test(`mount type: ${name}`, () => {
    const given = { ...options };
    assert.deepEqual(resolveMountType(type, given), expected);
    assert.deepEqual(given, options, 'the caller\'s options are not changed');
  });
}
