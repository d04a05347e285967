import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppServices } from '../../../../electron/core/app-services';
import { fixturePath } from '../../../fixtures/plugins/fixtures';
import { nextEvent } from '../../../support/next-event';
import { call, callError, installPlugins, openServices, PASSPHRASE, removeDir, tempDataDir } from '../core-helpers';

// Development mode of a binary entry, with real plugin processes: "rebuilds" copy another fixture
// over the registered file (rename, and truncate-and-write), a broken build is a binary that exits.
const sha256Of = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
/** A bound for the test run only: the loop's speed is measured by `npm run bench -- dev-loop`. */
const EVENT_WAIT_MS = 30_000;

describe('development mode: watch, re-pin, reload (a Go binary)', () => {
  let services: AppServices;
  let dataDir: string;
  let pluginDir: string;
  let target: string;
  let customSha = '';
  let kvSha = '';

  const reloaded = () => nextEvent(services.events, 'plugins.reloaded', (event) => event.name === 'dev', EVENT_WAIT_MS);
  const reloadFailed = () => nextEvent(services.events, 'plugins.reloadFailed', (event) => event.name === 'dev', EVENT_WAIT_MS);
  const entry = async () => (await call(services, 'plugins.list', {})).plugins.find((p) => p.name === 'dev');
  /** A rebuild as `go build` leaves it: a new file beside the target, renamed over it. */
  const renameOver = (source: string) => {
    const temporary = path.join(pluginDir, '.dev-build.tmp');
    fs.copyFileSync(source, temporary);
    fs.chmodSync(temporary, 0o755);
    fs.renameSync(temporary, target);
  };

  before(async () => {
    dataDir = tempDataDir();
    pluginDir = await installPlugins(dataDir, ['strongroom-custom', 'vault-plugin-secrets-kv', 'strongroom-misbehave']);
    target = path.join(pluginDir, 'dev-plugin');
    fs.copyFileSync(fixturePath('strongroom-custom'), target);
    fs.chmodSync(target, 0o755);
    customSha = sha256Of(target);
    kvSha = sha256Of(fixturePath('vault-plugin-secrets-kv'));
    services = await openServices(dataDir);
    await call(services, 'seal.init', { passphrase: PASSPHRASE });
    await call(services, 'plugins.register', { name: 'dev', command: 'dev-plugin' });
    await call(services, 'mounts.enable', { path: 'dev', type: 'dev' });
    await call(services, 'requests.handle', { path: 'dev/config', operation: 'write', data: { custom_prefix: 'hi ' } });
  });
  after(async () => {
    await services.close();
    removeDir(dataDir);
  });

  test('turning it on: the entry shows what is watched and the kept copy it runs from', async () => {
    const view = await call(services, 'plugins.setDevelopment', { name: 'dev', enabled: true });
    assert.equal(view.development?.watching, target);
    assert.equal(view.development?.source, null);
    assert.equal(view.development?.runningCopy, path.join(dataDir, 'plugin-pins', customSha));
    assert.equal(sha256Of(view.development?.runningCopy ?? ''), customSha, 'the copy holds the pinned bytes');
    const hello = await call(services, 'requests.handle', { path: 'dev/hello/you', operation: 'read' });
    assert.deepEqual(hello.data, { message: 'hi you' });
    const running = (await call(services, 'plugins.status', {})).processes.find((p) => p.mounts.includes('dev/'));
    assert.equal(running?.runningSha256, customSha);
  });

  test('a rebuild renamed over the file: re-pinned, restarted, mount and data kept', async () => {
    const event = reloaded();
    renameOver(fixturePath('vault-plugin-secrets-kv'));
    const done = await event;
    assert.deepEqual([done.previousSha256, done.sha256, done.mounts], [customSha, kvSha, ['dev/']]);
    assert.equal(done.bytes, fs.statSync(target).size);
    assert.ok(done.durationMs >= 0);
    assert.equal((await entry())?.sha256, kvSha);
    assert.equal((await entry())?.development?.lastReload?.sha256, kvSha);
    // The new code answers (KV v1 reads the key the previous engine wrote: the mount's data is kept).
    const config = await call(services, 'requests.handle', { path: 'dev/config', operation: 'read' });
    assert.deepEqual(config.data, { custom_prefix: 'hi ' });
    const running = (await call(services, 'plugins.status', {})).processes.find((p) => p.mounts.includes('dev/'));
    assert.equal(running?.runningSha256, kvSha);
  });

  test('a rebuild written in place (truncate and write) over the running binary', async () => {
    const event = reloaded();
    fs.writeFileSync(target, fs.readFileSync(fixturePath('strongroom-custom')));
    const done = await event;
    assert.deepEqual([done.previousSha256, done.sha256], [kvSha, customSha]);
    const hello = await call(services, 'requests.handle', { path: 'dev/hello/again', operation: 'read' });
    assert.deepEqual(hello.data, { message: 'hi again' }, 'the config written before the two reloads is still there');
  });

  test('a binary that does not start: reloadFailed with its stderr, the previous binary stays pinned and serving', async () => {
    const misbehaveSha = sha256Of(fixturePath('strongroom-misbehave'));
    const failed = reloadFailed();
    renameOver(fixturePath('strongroom-misbehave'));
    const event = await failed;
    assert.equal(event.stage, 'start');
    assert.equal(event.pinnedSha256, customSha);
    assert.match(event.message, new RegExp(`sha256 ${misbehaveSha}\\) did not start`));
    // strongroom-misbehave without a mode argument exits 2 with its usage line on stderr.
    assert.ok(event.output.some((line) => /pass one of/.test(line)), `stderr in the event: ${JSON.stringify(event.output)}`);
    assert.equal((await entry())?.sha256, customSha);
    assert.equal((await entry())?.development?.lastFailure?.stage, 'start');
    const hello = await call(services, 'requests.handle', { path: 'dev/hello/still', operation: 'read' });
    assert.deepEqual(hello.data, { message: 'hi still' });
  });

  test('an unusable file (not executable): reloadFailed at the hash stage, nothing re-pinned', async () => {
    const failed = reloadFailed();
    const temporary = path.join(pluginDir, '.dev-build.tmp');
    fs.copyFileSync(fixturePath('vault-plugin-secrets-kv'), temporary);
    fs.chmodSync(temporary, 0o644);
    fs.renameSync(temporary, target);
    const event = await failed;
    assert.equal(event.stage, 'hash');
    assert.match(event.message, /not executable by this user\. Run: chmod \+x/);
    assert.equal((await entry())?.sha256, customSha);
    // The fix the message gives brings the build in.
    const event2 = reloaded();
    fs.chmodSync(target, 0o755);
    assert.equal((await event2).sha256, kvSha);
  });

  test('development mode survives a restart of the app, and watching resumes', async () => {
    await services.close();
    services = await openServices(dataDir);
    await call(services, 'seal.unseal', { passphrase: PASSPHRASE });
    assert.equal((await entry())?.development?.watching, target);
    const event = reloaded();
    renameOver(fixturePath('strongroom-custom'));
    assert.deepEqual([(await event).previousSha256, (await event).sha256], [kvSha, customSha]);
    const hello = await call(services, 'requests.handle', { path: 'dev/hello/back', operation: 'read' });
    assert.deepEqual(hello.data, { message: 'hi back' });
  });

  test('turned off: a changed file is no longer picked up, and is refused at the next start with both hashes', async () => {
    const view = await call(services, 'plugins.setDevelopment', { name: 'dev', enabled: false });
    assert.equal(view.development, null);
    renameOver(fixturePath('vault-plugin-secrets-kv'));
    // The running process keeps serving the pinned bytes; a restart checks the file against the pin.
    assert.equal((await entry())?.sha256, customSha, 'not re-pinned');
    const refused = await callError(services, 'plugins.reload', { mounts: ['dev'] });
    assert.equal(refused.code, 'sha256_mismatch');
    assert.match(refused.message, new RegExp(`pins sha256 ${customSha}, the file now hashes to ${kvSha}\\..*Re-pin`));
  });

  test('bad input: an unknown entry, a relative or sourceless source folder', async () => {
    assert.equal((await callError(services, 'plugins.setDevelopment', { name: 'nope', enabled: true })).code, 'plugin_not_found');
    const relative = await callError(services, 'plugins.setDevelopment', { name: 'dev', enabled: true, sourceDir: 'src' });
    assert.match(relative.message, /not an absolute path: give the full path of the folder holding the plugin's main\.ts/);
    const empty = await callError(services, 'plugins.setDevelopment', { name: 'dev', enabled: true, sourceDir: pluginDir });
    assert.match(empty.message, /has no main\.ts/);
  });
});
