import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { AppServices } from '../../../../electron/core/app-services';
import { readManifest } from '../../../../electron/core/builtins/build';
import { defaultBuiltinsDirectory, GO_MISSING_LINE, MANIFEST_FILE } from '../../../../electron/core/builtins/builtin-plugins';
import { call, callError, openServices, PASSPHRASE, removeDir, tempDataDir } from '../core-helpers';

// The real built-in: dist/builtins, built by `npm run build:builtins` (the test runner builds it too).
const built = readManifest(defaultBuiltinsDirectory()).plugins.find((entry) => entry.name === 'kv');
const skip = built === undefined && 'the built-in KV plugin is not built (npm run build:builtins)';

async function handle(services: AppServices, p: string, operation: 'read' | 'write' | 'list' | 'delete', data?: Record<string, unknown>) {
  return call(services, 'requests.handle', { path: p, operation, ...(data === undefined ? {} : { data }) });
}

describe('the built-in kv plugin, with nothing registered', { skip }, () => {
  let services: AppServices;
  let dataDir: string;

  before(async () => {
    dataDir = tempDataDir();
    services = await openServices(dataDir);
    await call(services, 'seal.init', { passphrase: PASSPHRASE });
  });
  after(async () => {
    await services.close();
    removeDir(dataDir);
  });

  test('is in the catalog as kv, built in, with the pinned version and the manifest sha256', async () => {
    const { plugins } = await call(services, 'plugins.list', {});
    const kv = plugins.find((entry) => entry.name === 'kv');
    assert.ok(kv);
    assert.deepEqual(
      { type: kv.type, version: kv.version, builtin: kv.builtin, sha256: kv.sha256, unavailable: kv.unavailable },
      { type: 'secret', version: 'v0.25.0+builtin', builtin: true, sha256: built!.sha256, unavailable: null },
    );
    const catalog = await handle(services, 'sys/plugins/catalog', 'read');
    const detailed = (catalog.data as { secret: string[]; detailed: Array<{ name: string; builtin: boolean; version: string }> });
    assert.ok(detailed.secret.includes('kv'));
    assert.deepEqual(detailed.detailed.find((entry) => entry.name === 'kv')?.builtin, true);
    assert.deepEqual(catalog.warnings, []);
  });

  test('refuses removal through the contract and through sys/plugins/catalog', async () => {
    const removed = await callError(services, 'plugins.remove', { type: 'secret', name: 'kv', version: 'v0.25.0+builtin' });
    assert.equal(removed.code, 'plugin_builtin');
    assert.match(removed.message, /"kv" is built into Strongroom, so it cannot be removed/);
    const byName = await callError(services, 'requests.handle', { path: 'sys/plugins/catalog/secret/kv', operation: 'delete' });
    assert.equal(byName.code, 'plugin_builtin');
    assert.ok((await call(services, 'plugins.list', {})).plugins.some((entry) => entry.builtin));
  });

  test('kv (options as given), kv-v1 and kv-v2 mount it, listed as type kv with their version', async () => {
    await call(services, 'mounts.enable', { path: 'plain', type: 'kv' });
    await call(services, 'mounts.enable', { path: 'one', type: 'kv-v1' });
    await call(services, 'mounts.enable', { path: 'two', type: 'kv-v2', options: { version: '1' } }); // the alias wins, as in OpenBao
    await handle(services, 'sys/mounts/viasys', 'write', { type: 'kv-v2' });
    const { mounts } = await call(services, 'mounts.list', {});
    const shape = (p: string) => {
      const mount = mounts.find((m) => m.path === p);
      return mount && { type: mount.type, options: mount.options, pluginVersion: mount.pluginVersion };
    };
    assert.deepEqual(shape('plain/'), { type: 'kv', options: {}, pluginVersion: '' });
    assert.deepEqual(shape('one/'), { type: 'kv', options: { version: '1' }, pluginVersion: '' });
    assert.deepEqual(shape('two/'), { type: 'kv', options: { version: '2' }, pluginVersion: '' });
    assert.deepEqual(shape('viasys/'), { type: 'kv', options: { version: '2' }, pluginVersion: '' });
    type Listed = { type: string; options: Record<string, string>; plugin_version: string; running_plugin_version: string };
    const listed = (await handle(services, 'sys/mounts', 'read')).data as Record<string, Listed>;
    const viasys = listed['viasys/'];
    // As OpenBao lists a built-in's mount: no pinned version, the built-in's as the running one.
    assert.deepEqual(
      [viasys?.type, viasys?.options, viasys?.plugin_version, viasys?.running_plugin_version],
      ['kv', { version: '2' }, '', 'v0.25.0+builtin'],
    );
    const { plugins } = await call(services, 'plugins.list', {});
    assert.deepEqual(plugins.find((entry) => entry.builtin)?.mounts, ['one/', 'plain/', 'two/', 'viasys/']);
  });

  test('KV v1 mounts write, read, list and delete', async () => {
    for (const mount of ['plain', 'one']) {
      await handle(services, `${mount}/app`, 'write', { password: 'p1' });
      assert.deepEqual((await handle(services, `${mount}/app`, 'read')).data, { password: 'p1' });
      assert.deepEqual((await handle(services, `${mount}/`, 'list')).data, { keys: ['app'] });
      await handle(services, `${mount}/app`, 'delete');
      assert.equal((await callError(services, 'requests.handle', { path: `${mount}/app`, operation: 'read' })).code, 'not_found');
    }
  });

  test('KV v2 mounts use data/ and metadata/', async () => {
    for (const mount of ['two', 'viasys']) {
      const first = await handle(services, `${mount}/data/app`, 'write', { data: { password: 'p1' } });
      assert.equal((first.data as { version: number }).version, 1);
      await handle(services, `${mount}/data/app`, 'write', { data: { password: 'p2' } });
      const read = (await handle(services, `${mount}/data/app`, 'read')).data as { data: unknown; metadata: { version: number } };
      assert.deepEqual([read.data, read.metadata.version], [{ password: 'p2' }, 2]);
      const metadata = (await handle(services, `${mount}/metadata/app`, 'read')).data as { current_version: number; versions: Record<string, unknown> };
      assert.deepEqual([metadata.current_version, Object.keys(metadata.versions)], [2, ['1', '2']]);
      assert.deepEqual((await handle(services, `${mount}/metadata/`, 'list')).data, { keys: ['app'] });
    }
  });
});

describe('the built-in kv plugin where it was not built', () => {
  let services: AppServices;
  let dataDir: string;
  const previous = process.env.STRONGROOM_BUILTINS_DIR;

  before(async () => {
    dataDir = tempDataDir();
    // What `npm install` leaves without Go: a manifest with no plugins and the line it printed.
    const builtinsDir = path.join(dataDir, 'no-builtins');
    fs.mkdirSync(builtinsDir);
    fs.writeFileSync(path.join(builtinsDir, MANIFEST_FILE), JSON.stringify({ format: 1, plugins: [], problems: { kv: GO_MISSING_LINE } }));
    process.env.STRONGROOM_BUILTINS_DIR = builtinsDir;
    services = await openServices(dataDir);
    await call(services, 'seal.init', { passphrase: PASSPHRASE });
  });
  after(async () => {
    if (previous === undefined) delete process.env.STRONGROOM_BUILTINS_DIR;
    else process.env.STRONGROOM_BUILTINS_DIR = previous;
    await services.close();
    removeDir(dataDir);
  });

  test('the catalog lists it with the line npm install printed', async () => {
    const kv = (await call(services, 'plugins.list', {})).plugins.find((entry) => entry.name === 'kv');
    assert.deepEqual([kv?.builtin, kv?.unavailable, kv?.sha256], [true, GO_MISSING_LINE, '']);
    const catalog = await handle(services, 'sys/plugins/catalog', 'read');
    assert.deepEqual(catalog.warnings, [GO_MISSING_LINE]);
  });

  test('enabling kv says the same line, and nothing is mounted', async () => {
    const error = await callError(services, 'mounts.enable', { path: 'secret', type: 'kv-v2' });
    assert.equal(error.code, 'plugin_binary_missing');
    assert.ok(error.message.includes(GO_MISSING_LINE), error.message);
    const { mounts } = await call(services, 'mounts.list', {});
    assert.deepEqual(mounts.map((mount) => mount.path), ['sys/']);
  });
});
