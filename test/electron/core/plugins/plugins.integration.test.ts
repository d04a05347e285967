import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppServices } from '../../../../electron/core/app-services';
import type { ContractEvents } from '../../../../electron/common/contract';
import { call, callError, installPlugins, openServices, PASSPHRASE, removeDir, tempDataDir } from '../core-helpers';

describe('plugin catalog, plugin directory and hashing', () => {
  let services: AppServices;
  let dataDir: string;
  let pluginDir: string;
  let customSha = '';

  before(async () => {
    dataDir = tempDataDir();
    pluginDir = await installPlugins(dataDir, ['strongroom-custom']);
    customSha = createHash('sha256').update(fs.readFileSync(path.join(pluginDir, 'strongroom-custom'))).digest('hex');
    services = await openServices(dataDir);
    await call(services, 'seal.init', { passphrase: PASSPHRASE });
  });
  after(async () => {
    await services.close();
    removeDir(dataDir);
  });

  test('the plugin directory defaults to <dataDir>/plugins', async () => {
    const settings = await call(services, 'settings.get', {});
    assert.deepEqual(settings, { pluginDirectory: pluginDir, defaultPluginDirectory: pluginDir });
  });

  test('plugins.directory lists the binaries there', async () => {
    const { files } = await call(services, 'plugins.directory', {});
    assert.deepEqual(files.map((file) => [file.name, file.executable]), [['strongroom-custom', true]]);
  });

  test('hashFile streams with progress events and matches sha256sum', async () => {
    const progress: Array<ContractEvents['plugins.hashProgress']> = [];
    const off = services.events.subscribe((event, payload) => {
      if (event === 'plugins.hashProgress') progress.push(payload as ContractEvents['plugins.hashProgress']);
    });
    const result = await call(services, 'plugins.hashFile', { path: 'strongroom-custom' });
    off();
    assert.equal(result.sha256, customSha);
    assert.equal(result.path, path.join(pluginDir, 'strongroom-custom'));
    assert.ok(progress.length >= 2);
    assert.equal(progress[0]?.bytesRead, 0);
    assert.equal(progress.at(-1)?.bytesRead, result.bytes);
    assert.equal(progress.at(-1)?.totalBytes, result.bytes);
  });

  test('register without sha256 hashes the file; with a wrong one it is refused', async () => {
    const entry = await call(services, 'plugins.register', { name: 'custom', command: 'strongroom-custom', version: '1.0.0', env: { LOG: 'x' } });
    assert.equal(entry.sha256, customSha);
    assert.equal(entry.version, 'v1.0.0');
    const wrong = await callError(services, 'plugins.register', { name: 'custom2', command: 'strongroom-custom', sha256: 'ab'.repeat(32) });
    assert.equal(wrong.code, 'sha256_mismatch');
    const outside = await callError(services, 'plugins.register', { name: 'evil', command: '../strongroom.db' });
    assert.equal(outside.code, 'command_outside_plugin_dir');
  });

  test('list shows the mounts each entry serves; remove works once unused', async () => {
    await call(services, 'mounts.enable', { path: 'c', type: 'custom' });
    const registered = async () => (await call(services, 'plugins.list', {})).plugins.filter((p) => !p.builtin);
    assert.deepEqual((await registered()).map((p) => [p.name, p.version, p.mounts]), [['custom', 'v1.0.0', ['c/']]]);
    assert.equal((await callError(services, 'plugins.remove', { name: 'custom', version: '1.0.0' })).code, 'plugin_in_use');
    await call(services, 'mounts.disable', { path: 'c' });
    assert.deepEqual(await call(services, 'plugins.remove', { name: 'custom', version: '1.0.0' }), { removed: true });
    assert.deepEqual(await registered(), []);
  });

  test('setPluginDirectory refuses a missing or relative directory', async () => {
    assert.equal((await callError(services, 'settings.setPluginDirectory', { path: 'relative/dir' })).code, 'invalid_plugin_directory');
    assert.equal((await callError(services, 'settings.setPluginDirectory', { path: path.join(dataDir, 'missing') })).code, 'invalid_plugin_directory');
  });

  test('a new plugin directory is used for registration and survives a restart', async () => {
    const other = path.join(dataDir, 'other-plugins');
    fs.mkdirSync(other);
    fs.copyFileSync(path.join(pluginDir, 'strongroom-custom'), path.join(other, 'moved-custom'));
    fs.chmodSync(path.join(other, 'moved-custom'), 0o755);
    const settings = await call(services, 'settings.setPluginDirectory', { path: other });
    assert.equal(settings.pluginDirectory, other);
    await call(services, 'plugins.register', { name: 'moved', command: 'moved-custom' });
    await call(services, 'mounts.enable', { path: 'moved', type: 'moved' });
    await call(services, 'requests.handle', { path: 'moved/config', operation: 'write', data: { custom_prefix: '>' } });
    await services.close();
    services = await openServices(dataDir);
    await call(services, 'seal.unseal', { passphrase: PASSPHRASE });
    assert.equal((await call(services, 'settings.get', {})).pluginDirectory, other);
    const hello = await call(services, 'requests.handle', { path: 'moved/hello/x', operation: 'read' });
    assert.deepEqual(hello.data, { message: '>x' });
  });
});
