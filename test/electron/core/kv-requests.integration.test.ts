import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppServices } from '../../../electron/core/app-services';
import type { ContractEvents } from '../../../electron/common/contract';
import { call, callError, removeDir, servicesWithKv } from './core-helpers';

describe('KV v2 through requests.handle', () => {
  let services: AppServices;
  let dataDir: string;
  const pluginEvents: Array<ContractEvents['plugins.event']> = [];

  before(async () => {
    ({ services, dataDir } = await servicesWithKv());
    services.events.subscribe((event, payload) => {
      if (event === 'plugins.event') pluginEvents.push(payload as ContractEvents['plugins.event']);
    });
  });
  after(async () => {
    await services.close();
    removeDir(dataDir);
  });

  test('the mount is listed with its uuid, accessor and options', async () => {
    const { mounts } = await call(services, 'mounts.list', {});
    const secret = mounts.find((mount) => mount.path === 'secret/');
    assert.ok(secret);
    assert.equal(secret.type, 'kv');
    assert.deepEqual(secret.options, { version: '2' });
    assert.match(secret.uuid, /^[0-9a-f-]{36}$/);
    assert.match(secret.accessor, /^kv_[0-9a-f]{8}$/);
    assert.ok(mounts.some((mount) => mount.path === 'sys/' && mount.builtin));
  });

  test('write becomes create for a new path and update for an existing one', async () => {
    const first = await call(services, 'requests.handle', { path: 'secret/data/app', operation: 'write', data: { data: { password: 'p1' } } });
    assert.equal(first.operation, 'create');
    assert.equal(first.path, 'data/app');
    assert.equal(first.mount.path, 'secret/');
    assert.equal((first.data as { version: number }).version, 1);
    const second = await call(services, 'requests.handle', { path: 'secret/data/app', operation: 'write', data: { data: { password: 'p2' } } });
    assert.equal(second.operation, 'update');
    assert.equal((second.data as { version: number }).version, 2);
  });

  test('read returns the latest version with the storage trace', async () => {
    const read = await call(services, 'requests.handle', { path: 'secret/data/app', operation: 'read' });
    assert.deepEqual((read.data as { data: unknown }).data, { password: 'p2' });
    assert.ok(read.trace.length > 0, 'the plugin read its storage');
    assert.ok(read.trace.every((entry) => ['get', 'put', 'list', 'delete'].includes(entry.op) && entry.durationMs >= 0));
    assert.ok(read.trace.some((entry) => entry.op === 'get' && entry.bytes > 0));
    assert.ok(read.durationMs > 0);
    assert.match(read.requestId, /^[0-9a-f-]{36}$/);
  });

  test('a path ending in / lists', async () => {
    await call(services, 'requests.handle', { path: 'secret/data/team/db', operation: 'write', data: { data: { user: 'u' } } });
    const listed = await call(services, 'requests.handle', { path: 'secret/metadata/', operation: 'read' });
    assert.equal(listed.operation, 'list');
    assert.deepEqual((listed.data as { keys: string[] }).keys, ['app', 'team/']);
    const explicit = await call(services, 'requests.handle', { path: 'secret/metadata/team', operation: 'list' });
    assert.deepEqual((explicit.data as { keys: string[] }).keys, ['db']);
  });

  test('deleting the metadata removes every version: a read then answers not_found', async () => {
    await call(services, 'requests.handle', { path: 'secret/metadata/team/db', operation: 'delete' });
    const error = await callError(services, 'requests.handle', { path: 'secret/data/team/db', operation: 'read' });
    assert.equal(error.code, 'not_found');
    assert.match(String(error.detail?.['requestId']), /^[0-9a-f-]{36}$/);
  });

  test('help returns the help text and an OpenAPI document', async () => {
    const help = await call(services, 'requests.help', { path: 'secret/data/app' });
    assert.match(help.help, /\S/);
    assert.ok(help.openapi !== null && typeof help.openapi['paths'] === 'object');
  });

  test('a path without a mount answers no_mount', async () => {
    const error = await callError(services, 'requests.handle', { path: 'nothing/here', operation: 'read' });
    assert.equal(error.code, 'no_mount');
  });

  test('the system backend answers through the same router', async () => {
    const mounts = await call(services, 'requests.handle', { path: 'sys/mounts', operation: 'read' });
    assert.equal((mounts.data as Record<string, { type: string }>)['secret/']?.type, 'kv');
    const catalog = await call(services, 'requests.handle', { path: 'sys/plugins/catalog', operation: 'read' });
    assert.deepEqual((catalog.data as { secret: string[] }).secret, ['kv']);
    const seal = await call(services, 'requests.handle', { path: 'sys/seal-status', operation: 'read' });
    assert.equal((seal.data as { sealed: boolean }).sealed, false);
    const audit = await call(services, 'requests.handle', { path: 'sys/audit', operation: 'read' });
    assert.ok((audit.data as Record<string, unknown>)['sqlite/']);
  });

  test('events the plugin sends (pb.Events) reach the bus with the mount path', () => {
    const writes = pluginEvents.filter((event) => event.kind === 'event' && event.type === 'kv-v2/data-write');
    assert.ok(writes.length >= 2, JSON.stringify(pluginEvents.map((event) => event.type)));
    assert.ok(writes.every((event) => event.mountPath === 'secret/' && event.plugin === 'kv'));
  });

  test('plugins.status shows the running KV process serving secret/', async () => {
    const { processes } = await call(services, 'plugins.status', {});
    const kv = processes.find((p) => p.plugin === 'kv');
    assert.ok(kv);
    assert.equal(kv.state, 'ready');
    assert.ok(typeof kv.pid === 'number' && kv.pid > 0);
    assert.deepEqual(kv.mounts, ['secret/']);
  });
});
