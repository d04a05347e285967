import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { matchMount, normaliseRequestPath } from '../../../../electron/core/router/route-match';
import { createOrUpdate, planOperation } from '../../../../electron/core/router/operation';
import type { RequestOperation } from '../../../../electron/common/contract/requests';

describe('matchMount (longest prefix)', () => {
  const mounts = new Map([
    ['secret/', 'kv'],
    ['team/', 'team'],
    ['team/kv/', 'team-kv'],
  ]);
  const cases: Array<[string, string, [string, string] | undefined]> = [
    ['path inside a mount', 'secret/data/app', ['secret/', 'data/app']],
    ['the mount root', 'secret/', ['secret/', '']],
    ['the mount name without its slash', 'secret', ['secret/', '']],
    ['the longest prefix wins', 'team/kv/x', ['team/kv/', 'x']],
    ['the shorter mount for its own paths', 'team/other', ['team/', 'other']],
    ['a longer name is not a prefix match', 'secretive/x', undefined],
    ['no mount', 'nothing', undefined],
  ];
  for (const [name, path, expected] of cases) {
    test(name, () => {
      const match = matchMount(path, mounts);
      assert.deepEqual(match === undefined ? undefined : [match.mountPath, match.relativePath], expected);
    });
  }

  test('leading slashes are dropped from request paths', () => {
    assert.equal(normaliseRequestPath('//secret/x'), 'secret/x');
  });
});

describe('planOperation', () => {
  const cases: Array<[string, RequestOperation, string, string, string, string, boolean]> = [
    ['read of a key', 'read', 'secret/a', 'a', 'read', 'a', false],
    ['read of a folder lists', 'read', 'secret/a/', 'a/', 'list', 'a/', false],
    ['read of the mount root lists', 'read', 'secret/', '', 'list', '', false],
    ['list adds the trailing slash', 'list', 'secret/a', 'a', 'list', 'a/', false],
    ['list of the mount root', 'list', 'secret', '', 'list', '', false],
    ['write asks the existence check', 'write', 'secret/a', 'a', 'update', 'a', true],
    ['create goes through', 'create', 'secret/a', 'a', 'create', 'a', false],
    ['patch goes through', 'patch', 'secret/a', 'a', 'patch', 'a', false],
    ['delete goes through', 'delete', 'secret/a', 'a', 'delete', 'a', false],
    ['help goes through', 'help', 'secret/a', 'a', 'help', 'a', false],
  ];
  for (const [name, requested, full, relative, operation, path, check] of cases) {
    test(name, () => {
      assert.deepEqual(planOperation(requested, full, relative), { operation, path, needsExistenceCheck: check });
    });
  }

  test('existence check: found and missing → create; found and present → update; no check → update', () => {
    assert.equal(createOrUpdate({ checkFound: true, exists: false }), 'create');
    assert.equal(createOrUpdate({ checkFound: true, exists: true }), 'update');
    assert.equal(createOrUpdate({ checkFound: false, exists: false }), 'update');
  });
});
