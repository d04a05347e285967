/**
 * Limits and running facts through the contract: plugins.register/tune limits, the status row's
 * memory/CPU, running version and sha256, reload in place, and a mount's request timeout (tune
 * and sys/mounts/<path>/tune) — with the real misbehave fixture.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppServices } from '../../../../electron/core/app-services';
import type { PluginProcessView } from '../../../../electron/common/contract/plugins';
import { call, callError, installPlugins, openServices, PASSPHRASE, removeDir, tempDataDir } from '../core-helpers';

describe('plugin limits and running facts through the contract', () => {
  let services: AppServices;
  let dataDir: string;
  let sha = '';

  before(async () => {
    dataDir = tempDataDir();
    const pluginDir = await installPlugins(dataDir, ['strongroom-misbehave']);
    sha = createHash('sha256').update(fs.readFileSync(path.join(pluginDir, 'strongroom-misbehave'))).digest('hex');
    services = await openServices(dataDir);
    await call(services, 'seal.init', { passphrase: PASSPHRASE });
  });
  after(async () => {
    await services.close();
    removeDir(dataDir);
  });

  async function row(mountPath: string, check: (p: PluginProcessView) => boolean = () => true): Promise<PluginProcessView> {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const found = (await call(services, 'plugins.status', {})).processes.find((p) => p.mounts.includes(mountPath));
      if (found !== undefined && check(found)) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no status row for ${mountPath} satisfied the check`);
  }

  test('register and tune set the limits; list shows them; tuning a missing entry says so', async () => {
    const entry = await call(services, 'plugins.register', { name: 'mb', command: 'strongroom-misbehave', args: ['serve'], memoryLimitMiB: 512 });
    assert.deepEqual([entry.memoryLimitMiB, entry.startTimeoutSeconds], [512, 30]);
    const tuned = await call(services, 'plugins.tune', { name: 'mb', startTimeoutSeconds: 90 });
    assert.deepEqual([tuned.memoryLimitMiB, tuned.startTimeoutSeconds], [512, 90]);
    const listed = (await call(services, 'plugins.list', {})).plugins.find((p) => p.name === 'mb');
    assert.deepEqual([listed?.memoryLimitMiB, listed?.startTimeoutSeconds], [512, 90]);
    assert.equal((await callError(services, 'plugins.tune', { name: 'absent', memoryLimitMiB: 64 })).code, 'plugin_not_found');
    assert.equal((await callError(services, 'plugins.tune', { name: 'mb', memoryLimitMiB: 1 })).code, 'invalid_arguments');
  });

  test('plugins.status carries memory, CPU, running version and sha256; reload keeps the slot', async () => {
    await call(services, 'mounts.enable', { path: 'mb', type: 'mb' });
    const first = await row('mb/', (p) => p.resources !== null && p.runningVersion !== null);
    assert.equal(first.memoryLimitMiB, 512);
    assert.ok((first.resources?.rssBytes ?? 0) > 1024 * 1024, 'a Go plugin uses more than 1 MiB');
    assert.equal(first.runningVersion, 'v0.9.1-misbehave');
    assert.equal(first.runningSha256, sha);
    const sys = await call(services, 'requests.handle', { path: 'sys/mounts/mb', operation: 'read' });
    assert.deepEqual([sys.data?.['running_plugin_version'], sys.data?.['running_sha256']], ['v0.9.1-misbehave', sha], 'as Vault lists them');
    await call(services, 'plugins.reload', { plugin: 'mb' });
    const reloaded = await row('mb/', (p) => p.state === 'ready');
    assert.equal(reloaded.id, first.id);
    assert.notEqual(reloaded.pid, first.pid);
    assert.equal(reloaded.restarts, first.restarts + 1);
    assert.equal((await call(services, 'plugins.status', {})).processes.length, 1, 'no second slot');
  });

  test('a mount request timeout is set with tune (and sys/mounts/<path>/tune) and applies to requests', async () => {
    const tuned = await call(services, 'mounts.tune', { path: 'mb', requestTimeout: '1s' });
    assert.equal(tuned.requestTimeout, 1);
    const error = await callError(services, 'requests.handle', { path: 'mb/sleep/3000', operation: 'read' });
    assert.equal(error.code, 'deadline_exceeded');
    assert.match(error.message, /within 1000 ms, the mount's request timeout/);
    assert.match(error.message, /mounts\.tune \{path: "mb\/", requestTimeout: "60s"\}/);
    await call(services, 'requests.handle', { path: 'sys/mounts/mb/tune', operation: 'update', data: { request_timeout: '2m' } });
    const read = await call(services, 'requests.handle', { path: 'sys/mounts/mb/tune', operation: 'read' });
    assert.equal(read.data?.['request_timeout'], 120);
    const slow = await call(services, 'requests.handle', { path: 'mb/sleep/1500', operation: 'read' });
    assert.equal(slow.data?.['slept_ms'], 1500);
  });
});
