import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { isHostError } from '../../plugin-host/errors';
import { startHarness, type Harness } from '../support/supervisor-harness';

let harness: Harness;
let kv2: string;
let kv1: string;

before(async () => {
  harness = await startHarness([{ name: 'kv', fixture: 'vault-plugin-secrets-kv' }]);
  kv2 = harness.mount({ pluginName: 'kv', path: 'secret', options: { version: '2' } }).id;
  kv1 = harness.mount({ pluginName: 'kv', path: 'kv1' }).id;
});

after(async () => {
  await harness.supervisor.stop();
});

const call = (mount: () => string, operation: Parameters<Harness['supervisor']['request']>[1]['operation'], path: string, data?: Record<string, unknown>) =>
  harness.supervisor.request(mount(), { operation, path, data });
const v2 = () => kv2;
const v1 = () => kv1;

test('kv v2: config is written and read back', async () => {
  await call(v2, 'update', 'config', { max_versions: 5 });
  const { response } = await call(v2, 'read', 'config');
  assert.equal(response?.data?.['max_versions'], 5);
  assert.equal(response?.data?.['cas_required'], false);
});

test('kv v2: write, read, versions and metadata', async () => {
  const first = await call(v2, 'update', 'data/app', { data: { password: 'one' } });
  assert.equal(first.response?.data?.['version'], 1);
  assert.ok(first.storage.some((trace) => trace.operation === 'put'), 'the write is traced');
  await call(v2, 'update', 'data/app', { data: { password: 'two' }, options: { cas: 1 } });

  const latest = await call(v2, 'read', 'data/app');
  assert.deepEqual((latest.response?.data?.['data'] as Record<string, unknown>), { password: 'two' });
  const old = await call(v2, 'read', 'data/app', { version: '1' });
  assert.deepEqual((old.response?.data?.['data'] as Record<string, unknown>), { password: 'one' });

  const metadata = await call(v2, 'read', 'metadata/app');
  assert.equal(metadata.response?.data?.['current_version'], 2);
  assert.deepEqual(Object.keys(metadata.response?.data?.['versions'] as object).sort(), ['1', '2']);
});

test('kv v2: a CAS mismatch is an invalid_request with the plugin\'s message', async () => {
  await call(v2, 'update', 'data/cas', { data: { a: 1 } });
  await assert.rejects(call(v2, 'update', 'data/cas', { data: { a: 2 }, options: { cas: 0 } }), (error: unknown) => {
    assert.ok(isHostError(error));
    assert.equal(error.code, 'invalid_request');
    assert.match(error.message, /check-and-set parameter did not match/);
    assert.equal(error.detail?.['httpStatus'], 400);
    return true;
  });
});

test('kv v2: soft delete, undelete and destroy', async () => {
  await call(v2, 'update', 'data/life', { data: { v: 1 } });
  await call(v2, 'update', 'data/life', { data: { v: 2 } });
  await call(v2, 'update', 'delete/life', { versions: [2] });
  const deleted = await call(v2, 'read', 'metadata/life');
  const versions = deleted.response?.data?.['versions'] as Record<string, { deletion_time: string; destroyed: boolean }>;
  assert.notEqual(versions['2']?.deletion_time, '');

  await call(v2, 'update', 'undelete/life', { versions: [2] });
  const restored = await call(v2, 'read', 'data/life');
  assert.deepEqual(restored.response?.data?.['data'], { v: 2 });

  await call(v2, 'update', 'destroy/life', { versions: [1] });
  const destroyed = await call(v2, 'read', 'metadata/life');
  const after = destroyed.response?.data?.['versions'] as Record<string, { destroyed: boolean }>;
  assert.equal(after['1']?.destroyed, true);
  assert.equal(after['2']?.destroyed, false);
});

test('kv v2: list metadata', async () => {
  await call(v2, 'update', 'data/dir/one', { data: { x: 1 } });
  const { response } = await call(v2, 'list', 'metadata/');
  const keys = response?.data?.['keys'] as string[];
  assert.ok(keys.includes('app'));
  assert.ok(keys.includes('dir/'));
});

test('kv v1 on the same plugin: write, read with a lease TTL in seconds and nanoseconds, list, delete', async () => {
  await call(v1, 'update', 'plain', { token: 'abc', ttl: '1h' });
  const { response } = await call(v1, 'read', 'plain');
  assert.equal(response?.data?.['token'], 'abc');
  assert.equal(response?.secret?.lease.ttlSeconds, 3600);
  assert.equal(response?.secret?.lease.ttlNs, 3_600_000_000_000n);
  const listed = await call(v1, 'list', '');
  assert.deepEqual(listed.response?.data?.['keys'], ['plain']);
  await call(v1, 'delete', 'plain');
  assert.equal((await call(v1, 'read', 'plain')).response, null);
});

test('help on the root returns the OpenAPI document (PluginEnv is populated)', async () => {
  const { response } = await call(v2, 'help', '');
  assert.equal(typeof response?.data?.['help'], 'string');
  assert.ok(response?.data?.['openapi'], 'openapi document present');
});
