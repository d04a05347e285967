/** The strongroom-custom fixture (a framework engine) through the router: config, hello, users. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppServices } from '../../../electron/core/app-services';
import type { ContractEvents } from '../../../electron/common/contract';
import { call, callError, installPlugins, openServices, PASSPHRASE, removeDir, tempDataDir } from './core-helpers';

describe('custom engine', () => {
  let services: AppServices;
  let dataDir: string;
  const logs: Array<ContractEvents['plugins.log']> = [];
  const statuses: string[] = [];

  before(async () => {
    dataDir = tempDataDir();
    await installPlugins(dataDir, ['strongroom-custom']);
    services = await openServices(dataDir);
    services.events.subscribe((event, payload) => {
      if (event === 'plugins.log') logs.push(payload as ContractEvents['plugins.log']);
      if (event === 'plugins.status') statuses.push((payload as ContractEvents['plugins.status']).state);
    });
    await call(services, 'seal.init', { passphrase: PASSPHRASE });
    await call(services, 'plugins.register', { name: 'custom', command: 'strongroom-custom' });
    await call(services, 'mounts.enable', { path: 'custom', type: 'custom' });
  });
  after(async () => {
    await services.close();
    removeDir(dataDir);
  });

  test('before config, hello answers the plugin\'s user error', async () => {
    const error = await callError(services, 'requests.handle', { path: 'custom/hello/ann', operation: 'read' });
    assert.equal(error.code, 'user_error');
    assert.match(error.message, /not configured yet/);
    assert.equal(error.detail?.['httpStatus'], 400);
  });

  test('config then hello greets with the prefix', async () => {
    const written = await call(services, 'requests.handle', { path: 'custom/config', operation: 'write', data: { custom_prefix: 'Hello, ' } });
    assert.equal(written.operation, 'update', 'config has no existence check: a write is an update');
    assert.deepEqual(written.trace.map((entry) => [entry.op, entry.key]), [['put', 'config']]);
    const hello = await call(services, 'requests.handle', { path: 'custom/hello/ann', operation: 'read' });
    assert.deepEqual(hello.data, { message: 'Hello, ann' });
  });

  test('users: create, update, list, delete', async () => {
    const created = await call(services, 'requests.handle', { path: 'custom/users/bob', operation: 'write', data: { email: 'bob@example.com', password: 'pw' } });
    assert.equal(created.operation, 'create');
    const updated = await call(services, 'requests.handle', { path: 'custom/users/bob', operation: 'write', data: { admin: true } });
    assert.equal(updated.operation, 'update');
    const list = await call(services, 'requests.handle', { path: 'custom/users/', operation: 'read' });
    assert.deepEqual((list.data as { keys: string[] }).keys, ['bob']);
    await call(services, 'requests.handle', { path: 'custom/users/bob', operation: 'delete' });
    assert.equal((await callError(services, 'requests.handle', { path: 'custom/users/bob', operation: 'read' })).code, 'not_found');
  });

  test('help of the mount root describes the whole backend with OpenAPI paths', async () => {
    const help = await call(services, 'requests.help', { path: 'custom/' });
    assert.match(help.help, /strongroom-custom engine/);
    const paths = Object.keys((help.openapi?.['paths'] ?? {}) as Record<string, unknown>);
    assert.ok(paths.some((path) => path.includes('hello')), paths.join(', '));
  });

  test('plugin status and log events reached the bus', async () => {
    assert.ok(statuses.includes('starting') && statuses.includes('ready'), statuses.join(','));
    const { processes } = await call(services, 'plugins.status', {});
    assert.equal(processes[0]?.restarts, 0);
    // Log lines arrive in per-plugin batches (go-plugin's start-up lines at least).
    assert.ok(logs.length > 0, 'no log batch arrived');
    assert.ok(logs.every((batch) => batch.plugin === 'custom' && batch.lines.every((line) => line.plugin === 'custom')));
  });

  test('reload restarts the process serving the mount', async () => {
    const before = (await call(services, 'plugins.status', {})).processes.find((p) => p.state === 'ready')?.pid;
    const { reloaded } = await call(services, 'plugins.reload', { mounts: ['custom'] });
    assert.deepEqual(reloaded, ['custom/']);
    const after = (await call(services, 'plugins.status', {})).processes.find((p) => p.state === 'ready')?.pid;
    assert.ok(before !== undefined && after !== undefined && before !== after);
    const hello = await call(services, 'requests.handle', { path: 'custom/hello/ann', operation: 'read' });
    assert.deepEqual(hello.data, { message: 'Hello, ann' });
  });
});
