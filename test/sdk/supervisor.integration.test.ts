// The packaged TS plugins loaded by Strongroom's own host (plugin-host supervisor): catalog
// registration (sha256 pinned), lazy start, Setup over the broker, requests, storage, help.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import path from 'node:path';
import { PluginCatalog, PluginSupervisor } from '../../plugin-host';
import { buildPlugin as buildTsHello } from '../../examples/ts/hello/build';
import { buildPlugin as buildTsKv } from '../../examples/ts/kv/build';
import { MemoryStorage } from '../support/memory-storage';

describe('TS plugins through the Strongroom supervisor', { timeout: 120_000 }, () => {
  // One supervisor per plugin: a catalog has one plugin directory, and each example builds into its own.
  let supervisor: PluginSupervisor;
  let kvSupervisor: PluginSupervisor;
  const storage = { hello: new MemoryStorage(), hello2: new MemoryStorage(), kv: new MemoryStorage() };

  before(async () => {
    const hello = await buildTsHello();
    const kv = await buildTsKv();
    const supervisors: PluginSupervisor[] = [];
    for (const [name, built] of [['hello', hello], ['kv', kv]] as const) {
      const catalog = new PluginCatalog({ pluginDirectory: path.dirname(built.file) });
      await catalog.register({ type: 'secret', name, command: path.basename(built.file), args: [] });
      const one = new PluginSupervisor({ catalog });
      one.addMount({ id: name, path: `${name}/`, pluginType: 'secret', pluginName: name, storage: storage[name] });
      if (name === 'hello') one.addMount({ id: 'hello-2', path: 'hello-2/', pluginType: 'secret', pluginName: name, storage: storage.hello2 });
      supervisors.push(one);
    }
    supervisor = supervisors[0] as PluginSupervisor;
    kvSupervisor = supervisors[1] as PluginSupervisor;
  });
  after(async () => {
    await supervisor.stop();
    await kvSupervisor.stop();
  });

  it('hello: not configured, then configured, then greets', async () => {
    // The host turns an error response ({error}) into a user error.
    await assert.rejects(supervisor.request('hello', { operation: 'read', path: 'config' }), { code: 'user_error', message: /plugin is not configured yet/ });
    await supervisor.request('hello', { operation: 'update', path: 'config', data: { custom_prefix: 'hi ' } });
    const greeting = await supervisor.request('hello', { operation: 'read', path: 'hello/world' });
    assert.deepEqual(greeting.response?.data, { message: 'hi world' });
    assert.deepEqual(greeting.storage.map((t) => t.operation), ['get']);
  });

  it('protocol 5: a second mount shares the process (multiplex_id) but not the data', async () => {
    const first = await supervisor.ensureMounted('hello');
    const second = await supervisor.ensureMounted('hello-2');
    assert.equal(second.pid, first.pid);
    await supervisor.request('hello-2', { operation: 'update', path: 'config', data: { custom_prefix: 'yo ' } });
    assert.deepEqual((await supervisor.request('hello-2', { operation: 'read', path: 'hello/x' })).response?.data, { message: 'yo x' });
    assert.deepEqual((await supervisor.request('hello', { operation: 'read', path: 'hello/x' })).response?.data, { message: 'hi x' });
  });

  it('hello: root help carries the OpenAPI document', async () => {
    const help = await supervisor.request('hello', { operation: 'help', path: '', data: { requestResponsePrefix: 'hello' } });
    const openapi = help.response?.data?.['openapi'] as { paths: Record<string, unknown> };
    assert.deepEqual(Object.keys(openapi.paths).sort(), ['/config', '/hello/{name}', '/ticket/{name}', '/tickets/']);
  });

  it('kv: create, read, update, list, delete; a missing key answers "key not found"', async () => {
    const kv = (operation: 'create' | 'read' | 'update' | 'delete' | 'list', key: string, data?: Record<string, unknown>) =>
      kvSupervisor.request('kv', { operation, path: key, ...(data === undefined ? {} : { data }) });
    await kv('create', 'team/db', { value: 's3cret' });
    assert.deepEqual((await kv('read', 'team/db')).response?.data, { value: 's3cret' });
    await kv('update', 'team/db', { value: 'rotated' });
    assert.deepEqual((await kv('read', 'team/db')).response?.data, { value: 'rotated' });
    assert.deepEqual((await kv('list', 'team/')).response?.data, { keys: ['db'] });
    await kv('delete', 'team/db');
    await assert.rejects(kv('read', 'team/db'), { code: 'user_error', message: /key not found/ });
  });
});
