import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppServices } from '../../../../electron/core/app-services';
import { elfHeader, foreignElfMachine, writeShellTextFile } from '../../../fixtures/plugins/foreign-files';
import { ensureFixtures, fixturePath } from '../../../fixtures/plugins/fixtures';
import { call, callError, openServices, PASSPHRASE, removeDir, tempDataDir } from '../core-helpers';

// "Add plugin…" through the contract: files picked outside the plugin directory.
describe('plugins.inspectFile and plugins.install', () => {
  let services: AppServices;
  let dataDir: string;
  let downloads: string;
  let pluginDir: string;
  let goodSha = '';

  before(async () => {
    await ensureFixtures({ names: ['strongroom-custom'], log: () => undefined });
    dataDir = tempDataDir();
    pluginDir = path.join(dataDir, 'plugins');
    downloads = path.join(dataDir, 'Downloads');
    fs.mkdirSync(downloads);
    fs.copyFileSync(fixturePath('strongroom-custom'), path.join(downloads, 'strongroom-custom'));
    fs.chmodSync(path.join(downloads, 'strongroom-custom'), 0o644); // as a browser saves it: not executable
    goodSha = createHash('sha256').update(fs.readFileSync(fixturePath('strongroom-custom'))).digest('hex');
    await writeShellTextFile(path.join(downloads, 'notes.txt'), path.join(dataDir, 'marker'));
    fs.writeFileSync(path.join(downloads, 'plugin-arm64'), elfHeader(foreignElfMachine()));
    services = await openServices(dataDir);
    await call(services, 'seal.init', { passphrase: PASSPHRASE });
  });
  after(async () => {
    await services.close();
    removeDir(dataDir);
  });

  test('inspecting a Go plugin built for this machine: size, kind, sha256, runnable', async () => {
    const file = path.join(downloads, 'strongroom-custom');
    const inspection = await call(services, 'plugins.inspectFile', { path: file });
    assert.equal(inspection.path, file);
    assert.equal(inspection.bytes, fs.statSync(file).size);
    assert.equal(inspection.sha256, goodSha);
    assert.equal(inspection.runnable, true);
    assert.match(inspection.kind, process.arch === 'x64' ? /^ELF x86-64 64-bit executable$/ : /executable$/);
    assert.equal(inspection.problem, null);
    assert.deepEqual([inspection.fileName, inspection.target, inspection.existing], ['strongroom-custom', path.join(pluginDir, 'strongroom-custom'), 'none']);
  });

  test('a text file and a wrong-architecture ELF are marked with the reason', async () => {
    const text = await call(services, 'plugins.inspectFile', { path: path.join(downloads, 'notes.txt') });
    assert.equal(text.runnable, false);
    assert.equal(text.kind, 'a text file without #!');
    assert.match(text.problem ?? '', /would be run as shell commands/);
    const foreign = await call(services, 'plugins.inspectFile', { path: path.join(downloads, 'plugin-arm64') });
    assert.equal(foreign.runnable, false);
    assert.match(foreign.problem ?? '', /It is built for \w+ \(ELF [\w-]+ 64-bit\); this machine is \w+ [\w-]+: rebuild it with GOARCH=\w+\./);
    const refused = await callError(services, 'plugins.install', { path: path.join(downloads, 'plugin-arm64'), name: 'arm' });
    assert.equal(refused.code, 'invalid_request');
    assert.match(refused.message, /was not copied: It is built for/);
    assert.equal(fs.existsSync(path.join(pluginDir, 'plugin-arm64')), false, 'nothing was copied');
  });

  test('a relative or missing path is refused with a fix', async () => {
    assert.match((await callError(services, 'plugins.inspectFile', { path: 'strongroom-custom' })).message, /not an absolute path/);
    assert.equal((await callError(services, 'plugins.inspectFile', { path: path.join(downloads, 'nope') })).code, 'not_found');
  });

  test('install copies into the plugin directory (mode 0755, no temp file left) and registers the pinned sha256', async () => {
    const result = await call(services, 'plugins.install', { path: path.join(downloads, 'strongroom-custom'), name: 'custom' });
    assert.equal(result.copied, true);
    assert.equal(result.target, path.join(pluginDir, 'strongroom-custom'));
    assert.deepEqual([result.entry.name, result.entry.command, result.entry.sha256], ['custom', 'strongroom-custom', goodSha]);
    assert.equal(fs.statSync(result.target).mode & 0o777, 0o755);
    assert.deepEqual(fs.readdirSync(pluginDir), ['strongroom-custom'], 'no partial copy is left behind');
    const { plugins } = await call(services, 'plugins.list', {});
    assert.deepEqual(plugins.filter((p) => !p.builtin).map((p) => [p.name, p.sha256]), [['custom', goodSha]]);
    // It starts: the installed copy serves a request.
    await call(services, 'mounts.enable', { path: 'custom', type: 'custom' });
    await call(services, 'requests.handle', { path: 'custom/config', operation: 'write', data: { custom_prefix: 'hi ' } });
    const hello = await call(services, 'requests.handle', { path: 'custom/hello/you', operation: 'read' });
    assert.deepEqual(hello.data, { message: 'hi you' });
  });

  test('a different file of the same name is never replaced without overwrite; with it, it is', async () => {
    const replacement = path.join(downloads, 'other', 'strongroom-custom');
    fs.mkdirSync(path.dirname(replacement));
    fs.writeFileSync(replacement, '#!/bin/sh\nexit 0\n');
    const inspection = await call(services, 'plugins.inspectFile', { path: replacement });
    assert.equal(inspection.existing, 'different');
    const refused = await callError(services, 'plugins.install', { path: replacement, name: 'custom-next' });
    assert.equal(refused.code, 'plugin_file_exists');
    assert.match(refused.message, /already has a different file "strongroom-custom"\. Confirm replacing it \(overwrite\), or install under another file name/);
    assert.equal(createHash('sha256').update(fs.readFileSync(path.join(pluginDir, 'strongroom-custom'))).digest('hex'), goodSha, 'untouched');

    const renamed = await call(services, 'plugins.install', { path: replacement, name: 'custom-next', fileName: 'custom-next.sh' });
    assert.equal(renamed.entry.command, 'custom-next.sh');

    const again = await call(services, 'plugins.inspectFile', { path: path.join(downloads, 'strongroom-custom') });
    assert.equal(again.existing, 'identical');
    const reused = await call(services, 'plugins.install', { path: path.join(downloads, 'strongroom-custom'), name: 'custom', version: '1.0.0' });
    assert.equal(reused.copied, false, 'an identical file is reused, not copied again');

    const overwritten = await call(services, 'plugins.install', { path: replacement, name: 'other', overwrite: true });
    assert.equal(overwritten.copied, true);
    assert.equal(fs.readFileSync(path.join(pluginDir, 'strongroom-custom'), 'utf8'), '#!/bin/sh\nexit 0\n');
    assert.equal(fs.statSync(path.join(pluginDir, 'strongroom-custom')).mode & 0o777, 0o755);
  });

  test('a file name with a path in it is refused', async () => {
    const error = await callError(services, 'plugins.install', { path: path.join(downloads, 'strongroom-custom'), name: 'x', fileName: '../escape' });
    assert.equal(error.code, 'invalid_request');
    assert.match(error.message, /plain name without "\/"/);
  });
});
