/** The shape comparison the OpenBao test relies on: named cases of what it reports and what it lets pass. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shapeDifferences, shapeOf } from './vault-shape';

const cases: Array<[string, unknown, unknown, string[], { missing?: string[]; extra?: string[] }?]> = [
  ['the same keys and types with other values', { a: 1, b: { c: 'x' } }, { a: 2, b: { c: 'y' } }, []],
  ['a key OpenBao answers and Strongroom lacks', { a: 1, b: 2 }, { a: 1 }, ['b: OpenBao answers it, Strongroom does not']],
  ['a key only Strongroom answers', { a: 1 }, { a: 1, z: true }, ['z: Strongroom answers it, OpenBao does not']],
  ['a nested type that differs', { config: { ttl: 1 } }, { config: { ttl: '1' } }, ['config.ttl: OpenBao has a number, Strongroom a string']],
  ['an object where OpenBao has null', { options: null }, { options: {} }, ['options: OpenBao has a null, Strongroom an object']],
  ['an empty list matches a list of anything', { keys: ['a'] }, { keys: [] }, []],
  ['array items: the keys of all items', { l: [{ a: 1 }, { b: 2 }] }, { l: [{ a: 1 }] }, ['l[].b: OpenBao answers it, Strongroom does not']],
  ['allowed differences pass', { a: 1, b: 2 }, { a: 1, c: 3 }, [], { missing: ['b'], extra: ['c'] }],
];

for (const [name, openbao, strongroom, expected, allowed] of cases) {
  test(name, () => assert.deepEqual(shapeDifferences(openbao, strongroom, allowed), expected));
}

test('a shape names keys in order and types, not values', () => {
  assert.deepEqual(shapeOf({ b: [1, 2], a: null }), { a: 'null', b: ['number'] });
});
