import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isHostError } from '../../plugin-host/errors';
import { startHarness } from '../support/supervisor-harness';
import { processAlive } from '../support/processes';


test('protocol 5: two mounts share one process and keep their storage apart', async () => {
  const socketRoot = await mkdtemp(join(tmpdir(), 'srt-'));
  const harness = await startHarness([{ name: 'kv', fixture: 'vault-plugin-secrets-kv' }], { socketRoot });
  try {
    const a = harness.mount({ pluginName: 'kv', path: 'team-a' });
    const b = harness.mount({ pluginName: 'kv', path: 'team-b' });
    await harness.supervisor.request(a.id, { operation: 'update', path: 'shared-name', data: { owner: 'a' } });
    await harness.supervisor.request(b.id, { operation: 'update', path: 'shared-name', data: { owner: 'b' } });

    const statuses = harness.supervisor.status();
    assert.equal(statuses.length, 1, 'one process');
    assert.equal(statuses[0]?.protocolVersion, 5);
    assert.equal(statuses[0]?.multiplexed, true);
    assert.deepEqual(statuses[0]?.mounts.sort(), [a.id, b.id].sort());
    assert.equal(harness.supervisor.mountStatus(a.id)?.pid, harness.supervisor.mountStatus(b.id)?.pid);

    const readA = await harness.supervisor.request(a.id, { operation: 'read', path: 'shared-name' });
    const readB = await harness.supervisor.request(b.id, { operation: 'read', path: 'shared-name' });
    assert.equal(readA.response?.data?.['owner'], 'a');
    assert.equal(readB.response?.data?.['owner'], 'b');
    assert.deepEqual(a.storage.keys(), ['shared-name']);
    assert.deepEqual(b.storage.keys(), ['shared-name']);

    // Removing one mount keeps the process for the other.
    await harness.supervisor.removeMount(a.id);
    assert.equal(harness.supervisor.status()[0]?.state, 'ready');
    assert.equal((await harness.supervisor.request(b.id, { operation: 'read', path: 'shared-name' })).response?.data?.['owner'], 'b');
  } finally {
    await harness.supervisor.stop();
    assert.deepEqual(await readdir(socketRoot), [], 'no socket directory is left behind');
    await rm(socketRoot, { recursive: true, force: true });
  }
});

test('protocol 4 only: one process per mount, and it works', async () => {
  const harness = await startHarness([{ name: 'kv', fixture: 'vault-plugin-secrets-kv' }], { protocolVersions: [4] });
  try {
    const a = harness.mount({ pluginName: 'kv', path: 'four-a' });
    const b = harness.mount({ pluginName: 'kv', path: 'four-b', options: { version: '2' } });
    await harness.supervisor.request(a.id, { operation: 'update', path: 'k', data: { v: 'a' } });
    await harness.supervisor.request(b.id, { operation: 'update', path: 'data/k', data: { data: { v: 'b' } } });
    assert.equal((await harness.supervisor.request(a.id, { operation: 'read', path: 'k' })).response?.data?.['v'], 'a');
    const v2 = await harness.supervisor.request(b.id, { operation: 'read', path: 'data/k' });
    assert.deepEqual(v2.response?.data?.['data'], { v: 'b' });

    const statuses = harness.supervisor.status();
    assert.equal(statuses.length, 2, 'one process per mount');
    assert.ok(statuses.every((status) => status.protocolVersion === 4 && status.multiplexed === false));
    assert.notEqual(statuses[0]?.pid, statuses[1]?.pid);
  } finally {
    const pids = harness.supervisor.status().map((status) => status.pid as number);
    await harness.supervisor.stop();
    for (const pid of pids) assert.equal(processAlive(pid), false, `pid ${pid} is gone (reaped, no zombie)`);
  }
});

test('a mount whose options crash the plugin does not keep its sibling down', async () => {
  const harness = await startHarness([{ name: 'kv', fixture: 'vault-plugin-secrets-kv' }]);
  try {
    const good = harness.mount({ pluginName: 'kv', path: 'good' });
    // kv v0.25 panics in Setup on a non-numeric `version` option.
    const bad = harness.mount({ pluginName: 'kv', path: 'bad', options: { version: 'banana' } });
    await harness.supervisor.request(good.id, { operation: 'update', path: 'k', data: { v: 1 } });
    const pid = harness.supervisor.mountStatus(good.id)?.pid;
    await assert.rejects(harness.supervisor.request(bad.id, { operation: 'read', path: 'k' }), (error: unknown) => {
      assert.ok(isHostError(error));
      assert.equal(error.code, 'plugin_exited');
      assert.match(error.message, /panic: /);
      return true;
    });
    // The restart re-mounts only the mount that worked before, so the sibling is served again.
    const { response } = await harness.supervisor.request(good.id, { operation: 'read', path: 'k' });
    assert.equal(response?.data?.['v'], 1);
    assert.notEqual(harness.supervisor.mountStatus(good.id)?.pid, pid);
    assert.equal(harness.supervisor.mountStatus(good.id)?.state, 'ready');
  } finally {
    await harness.supervisor.stop();
  }
});

test('protocol 5: mounts attached in the same tick (as a reload does) still share one process', async () => {
  const harness = await startHarness([{ name: 'kv', fixture: 'vault-plugin-secrets-kv' }]);
  try {
    const mounts = ['p', 'q', 'r'].map((path) => harness.mount({ pluginName: 'kv', path }));
    await Promise.all(mounts.map((mount) => harness.supervisor.ensureMounted(mount.id)));
    const statuses = harness.supervisor.status().filter((status) => status.state !== 'stopped');
    assert.equal(statuses.length, 1, `one process, got ${statuses.length}`);
    assert.deepEqual(statuses[0]?.mounts.sort(), mounts.map((mount) => mount.id).sort());
  } finally {
    await harness.supervisor.stop();
  }
});
