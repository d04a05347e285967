import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillTemplate, matchPath, pathModelsFrom, relatedPaths } from '../../../renderer/src/forms/openapi-form-model';
import { capturedOpenApi } from './fixtures';

const kv = pathModelsFrom(capturedOpenApi('kv-v2-help'));
const custom = pathModelsFrom(capturedOpenApi('custom-help'));

test('KV v2: every templated path becomes a model; the raw-regex upgrade guard is skipped', () => {
  assert.deepEqual(
    kv.map((m) => m.template),
    ['config', 'data/{path}', 'delete/{path}', 'destroy/{path}', 'metadata/{path}', 'metadata/{path}/', 'subkeys/{path}', 'undelete/{path}'],
  );
});

test('KV v2 data/{path}: read, write, patch, delete with the path parameter and the data map', () => {
  const data = kv.find((m) => m.template === 'data/{path}');
  assert.ok(data);
  assert.deepEqual(
    data.operations.map((o) => o.operation),
    ['read', 'write', 'patch', 'delete'],
  );
  const write = data.operations.find((o) => o.operation === 'write');
  assert.deepEqual(
    write?.fields.map((f) => [f.name, f.kind, f.location, f.required]),
    [
      ['path', 'string', 'path', true],
      ['data', 'map', 'body', false],
      ['options', 'map', 'body', false],
      ['version', 'int', 'body', false],
    ],
  );
  const read = data.operations.find((o) => o.operation === 'read');
  assert.deepEqual(read?.fields.map((f) => f.name), ['path'], 'a read sends no body');
});

test('KV v2 metadata/{path}/ is a list operation (GET with list=true)', () => {
  const list = kv.find((m) => m.template === 'metadata/{path}/');
  assert.deepEqual(list?.operations.map((o) => o.operation), ['list']);
});

test('KV v2 config: duration, bool and int fields', () => {
  const write = kv.find((m) => m.template === 'config')?.operations.find((o) => o.operation === 'write');
  assert.deepEqual(
    write?.fields.map((f) => [f.name, f.kind]),
    [
      ['cas_required', 'bool'],
      ['delete_version_after', 'duration'],
      ['max_versions', 'int'],
    ],
  );
});

test('custom users/{username}: required first, display names, sensitive, groups, defaults', () => {
  const write = custom.find((m) => m.template === 'users/{username}')?.operations.find((o) => o.operation === 'write');
  assert.ok(write);
  const byName = Object.fromEntries(write.fields.map((f) => [f.name, f]));
  assert.deepEqual(
    write.fields.map((f) => f.name),
    ['username', 'email', 'admin', 'groups', 'password', 'ttl'],
  );
  assert.equal(byName.username?.kind, 'name', 'framework.TypeNameString is recognised by its pattern');
  assert.equal(byName.email?.required, true);
  assert.equal(byName.email?.label, 'Email address');
  assert.equal(byName.password?.sensitive, true);
  assert.equal(byName.admin?.kind, 'bool');
  assert.equal(byName.admin?.defaultValue, false);
  assert.equal(byName.groups?.kind, 'string-slice');
  assert.equal(byName.groups?.group, 'Advanced');
  assert.equal(byName.ttl?.kind, 'duration');
});

test('custom config: the display value becomes the default', () => {
  const write = custom.find((m) => m.template === 'config')?.operations.find((o) => o.operation === 'write');
  assert.deepEqual(
    write?.fields.map((f) => [f.name, f.label, f.required, f.defaultValue]),
    [['custom_prefix', 'Custom prefix', true, 'Hello, ']],
  );
});

test('matchPath: a key may span slashes in the last parameter; most literal template first', () => {
  const [first] = matchPath(kv, 'data/app/db');
  assert.equal(first?.model.template, 'data/{path}');
  assert.deepEqual(first?.params, { path: 'app/db' });
  assert.equal(matchPath(kv, 'metadata/app/')[0]?.model.template, 'metadata/{path}/');
  assert.equal(matchPath(kv, 'config')[0]?.model.template, 'config');
  assert.deepEqual(matchPath(custom, 'nowhere/x'), []);
});

test('relatedPaths: a KV key found under metadata/ also offers data/, delete/, destroy/…', () => {
  const [picked] = matchPath(kv, 'metadata/app/db');
  assert.ok(picked);
  assert.deepEqual(
    relatedPaths(kv, picked).map((m) => fillTemplate(m.model.template, m.params)),
    ['data/app/db', 'delete/app/db', 'destroy/app/db', 'metadata/app/db', 'subkeys/app/db', 'undelete/app/db'],
  );
});

test('fillTemplate fills every parameter', () => {
  assert.equal(fillTemplate('users/{username}', { username: 'alice' }), 'users/alice');
});
