import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathModelsFrom } from '../../../../renderer/src/forms/openapi-form-model';
import { canList, flattenTree, listedEntries, staticEntries, type TreeEntry } from '../../../../renderer/src/pages/browse/tree-model';
import { capturedOpenApi } from '../../forms/fixtures';

const kv = pathModelsFrom(capturedOpenApi('kv-v2-help'));
const custom = pathModelsFrom(capturedOpenApi('custom-help'));

test('KV v2 root: one folder per path family, config as a leaf', () => {
  assert.deepEqual(
    staticEntries(kv, '').map((e) => `${e.kind}:${e.name}`),
    ['folder:data/', 'folder:delete/', 'folder:destroy/', 'folder:metadata/', 'folder:subkeys/', 'folder:undelete/', 'leaf:config'],
  );
});

test('only folders with a declared LIST are listed', () => {
  assert.equal(canList(kv, 'metadata/'), true);
  assert.equal(canList(kv, 'metadata/app/'), true);
  assert.equal(canList(kv, 'data/'), false);
  assert.equal(canList(custom, 'users/'), true);
  assert.equal(canList(custom, 'hello/'), false);
});

test('an unlistable folder shows its template to fill in', () => {
  assert.deepEqual(staticEntries(custom, 'hello/'), [{ path: 'hello/{name}', name: '{name}', kind: 'template' }]);
});

test('LIST keys become folders (trailing /) and leaves, folders first', () => {
  assert.deepEqual(
    listedEntries('metadata/', ['db', 'app/', 'cache']).map((e) => e.path),
    ['metadata/app/', 'metadata/cache', 'metadata/db'],
  );
  assert.deepEqual(listedEntries('x/', null), []);
});

test('flattenTree walks expanded folders depth-first and filters by name', () => {
  const children: Record<string, TreeEntry[]> = {
    '': listedEntries('', ['app/', 'top']),
    'app/': listedEntries('app/', ['db', 'cache']),
  };
  const rows = flattenTree('', (f) => children[f], new Set(['app/']), '');
  assert.deepEqual(
    rows.map((r) => [r.path, r.depth, r.expanded]),
    [
      ['app/', 0, true],
      ['app/cache', 1, false],
      ['app/db', 1, false],
      ['top', 0, false],
    ],
  );
  assert.deepEqual(
    flattenTree('', (f) => children[f], new Set(['app/']), 'db').map((r) => r.path),
    ['app/', 'app/db'],
  );
});

test('flattenTree flattens a folder of 10,000 entries, in order', () => {
  const keys = Array.from({ length: 10_000 }, (_, i) => `key-${String(i).padStart(5, '0')}`);
  const entries = listedEntries('big/', keys);
  const rows = flattenTree('', (f) => (f === '' ? [{ path: 'big/', name: 'big/', kind: 'folder' }] : f === 'big/' ? entries : []), new Set(['big/']), '');
  assert.equal(rows.length, 10_001);
  assert.deepEqual([rows[1]?.path, rows.at(-1)?.path], ['big/key-00000', 'big/key-09999']);
});
