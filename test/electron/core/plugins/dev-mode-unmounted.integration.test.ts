import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppServices } from '../../../../electron/core/app-services';
import { fixturePath } from '../../../fixtures/plugins/fixtures';
import { nextEvent } from '../../../support/next-event';
import { call, installPlugins, openServices, PASSPHRASE, removeDir, tempDataDir } from '../core-helpers';

// Development mode of an entry no mount uses yet: a rebuild has no process to replace, so the new
// binary is started once (real process, real handshake) and stopped before it may stay pinned.
const sha256Of = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
/** A bound for the test run only: the loop's speed is measured by `npm run bench -- dev-loop`. */
const EVENT_WAIT_MS = 30_000;

describe('development mode with no mount: a rebuild is started once before it is pinned', () => {
  let services: AppServices;
  let dataDir: string;
  let pluginDir: string;
  let target: string;
  let customSha = '';

  const reloaded = () => nextEvent(services.events, 'plugins.reloaded', (event) => event.name === 'lonely', EVENT_WAIT_MS);
  const reloadFailed = () => nextEvent(services.events, 'plugins.reloadFailed', (event) => event.name === 'lonely', EVENT_WAIT_MS);
  const entry = async () => (await call(services, 'plugins.list', {})).plugins.find((p) => p.name === 'lonely');
  const processesOfEntry = async () => (await call(services, 'plugins.status', {})).processes.filter((p) => p.plugin === 'lonely');
  /** A rebuild as `go build` leaves it: a new file beside the target, renamed over it. */
  const renameOver = (source: string) => {
    const temporary = path.join(pluginDir, '.lonely-build.tmp');
    fs.copyFileSync(source, temporary);
    fs.chmodSync(temporary, 0o755);
    fs.renameSync(temporary, target);
  };

  before(async () => {
    dataDir = tempDataDir();
    pluginDir = await installPlugins(dataDir, ['strongroom-custom', 'vault-plugin-secrets-kv', 'strongroom-misbehave']);
    target = path.join(pluginDir, 'lonely-plugin');
    fs.copyFileSync(fixturePath('strongroom-custom'), target);
    fs.chmodSync(target, 0o755);
    customSha = sha256Of(target);
    services = await openServices(dataDir);
    await call(services, 'seal.init', { passphrase: PASSPHRASE });
    await call(services, 'plugins.register', { name: 'lonely', command: 'lonely-plugin' });
    await call(services, 'plugins.setDevelopment', { name: 'lonely', enabled: true });
  });
  after(async () => {
    await services.close();
    removeDir(dataDir);
  });

  test('a binary that crashes on start: reloadFailed at the start stage with its stderr, the previous pin kept', async () => {
    const misbehaveSha = sha256Of(fixturePath('strongroom-misbehave'));
    const failed = reloadFailed();
    renameOver(fixturePath('strongroom-misbehave'));
    const event = await failed;
    assert.equal(event.stage, 'start');
    assert.equal(event.pinnedSha256, customSha);
    assert.match(event.message, new RegExp(`sha256 ${misbehaveSha}\\) did not start \\(no mount uses it`));
    // strongroom-misbehave without a mode argument exits 2 with its usage line on stderr.
    assert.ok(event.output.some((line) => /pass one of/.test(line)), `stderr in the event: ${JSON.stringify(event.output)}`);
    const now = await entry();
    assert.equal(now?.sha256, customSha, 'the crashing binary did not become the pin');
    assert.equal(now?.development?.lastFailure?.stage, 'start');
    assert.equal(now?.development?.runningCopy, path.join(dataDir, 'plugin-pins', customSha));
    assert.deepEqual(await processesOfEntry(), [], 'the probe leaves no process slot behind');
  });

  test('a good binary after it: pinned, reloaded with no mounts, and a mount made afterwards runs it', async () => {
    const kvSha = sha256Of(fixturePath('vault-plugin-secrets-kv'));
    const event = reloaded();
    renameOver(fixturePath('vault-plugin-secrets-kv'));
    const done = await event;
    assert.deepEqual([done.previousSha256, done.sha256, done.mounts], [customSha, kvSha, []]);
    assert.equal((await entry())?.sha256, kvSha);
    assert.equal((await entry())?.development?.lastFailure, null);
    assert.deepEqual(await processesOfEntry(), [], 'the probe process was stopped');
    await call(services, 'mounts.enable', { path: 'lonely', type: 'lonely' });
    await call(services, 'requests.handle', { path: 'lonely/k', operation: 'write', data: { v: '1' } });
    const read = await call(services, 'requests.handle', { path: 'lonely/k', operation: 'read' });
    assert.deepEqual(read.data, { v: '1' }, 'KV v1 answers: the new pin is what runs');
    assert.deepEqual((await processesOfEntry()).map((p) => p.runningSha256), [kvSha], 'the status filter sees the mount\'s process');
  });
});
