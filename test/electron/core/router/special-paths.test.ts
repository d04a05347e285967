import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesSpecialPath, specialPathClasses } from '../../../../electron/core/router/special-paths';

const cases: Array<[string, string, string, boolean]> = [
  ['exact match', 'login', 'login', true],
  ['exact does not match a longer path', 'login', 'login/x', false],
  ['prefix with *', 'config/*', 'config/a/b', true],
  ['prefix with * matches its own prefix', 'config/*', 'config/', true],
  ['prefix with * does not match a sibling', 'config/*', 'other/a', false],
  ['+ matches one segment', 'users/+/keys', 'users/ann/keys', true],
  ['+ does not match two segments', 'users/+/keys', 'users/a/b/keys', false],
  ['+ does not match an empty segment', 'users/+/keys', 'users//keys', false],
  ['+ with a trailing * prefix', 'users/+/k*', 'users/ann/keys/1', true],
];
for (const [name, pattern, path, expected] of cases) {
  test(`special path: ${name}`, () => assert.equal(matchesSpecialPath(pattern, path), expected));
}

test('classes report every category a path falls in', () => {
  const paths = { root: ['config/*'], unauthenticated: ['login'], localStorage: [], sealWrapStorage: ['config/*'] };
  assert.deepEqual(specialPathClasses(paths, 'config/x'), ['root', 'seal-wrap']);
  assert.deepEqual(specialPathClasses(paths, 'login'), ['unauthenticated']);
  assert.deepEqual(specialPathClasses(undefined, 'login'), []);
});
