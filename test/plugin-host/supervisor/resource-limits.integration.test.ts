/**
 * Memory ceiling, CPU watchdog, settable timeouts, and what the running plugin reports — against
 * real `strongroom-misbehave` processes (memory-hog, spin, hang, serve).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { isHostError } from '../../../plugin-host/errors';
import type { ProcessStatus } from '../../../plugin-host/supervisor/events';
import { startHarness, type Harness } from '../../support/supervisor-harness';

let harness: Harness;

before(async () => {
  harness = await startHarness(
    [
      ...(['memory-hog', 'spin', 'hang', 'serve'] as const).map((mode) => ({ name: `mb-${mode}`, fixture: 'strongroom-misbehave' as const, args: [mode] })),
      // Its own entry, so no other test's mount shares its (multiplexed) process.
      { name: 'mb-sleep', fixture: 'strongroom-misbehave' as const, args: ['serve'] },
    ],
    { resourceSampleMs: 100, cpuWatchWindowMs: 1_000 },
  );
});

after(async () => {
  await harness.supervisor.stop();
});

/** Waits for the mount's process status to satisfy `check` (status events, with a generous cap). */
function statusWhere(mountId: string, check: (status: ProcessStatus) => boolean, what: string): Promise<ProcessStatus> {
  return new Promise((resolve, reject) => {
    const now = harness.supervisor.mountStatus(mountId);
    if (now !== undefined && check(now)) return resolve(now);
    const timer = setTimeout(() => (off(), clearInterval(poll), reject(new Error(`timed out waiting for ${what}`))), 30_000);
    const done = (status: ProcessStatus) => (off(), clearTimeout(timer), clearInterval(poll), resolve(status));
    const off = harness.supervisor.events.on('status', (status) => {
      if (status.mounts.includes(mountId) && check(status)) done(status);
    });
    // Resource figures change without a status event: poll them too.
    const poll = setInterval(() => {
      const status = harness.supervisor.mountStatus(mountId);
      if (status !== undefined && check(status)) done(status);
    }, 50);
  });
}

function pidAlive(pid: number): boolean {
  return existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(readStatus(pid));
}

function readStatus(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return 'State: Z';
  }
}

test('a plugin over its memory ceiling is killed with plugin_memory_exceeded, naming the ceiling, the peak and the setting', async () => {
  harness.catalog.tune('secret', 'mb-memory-hog', undefined, { memoryLimitMiB: 96 });
  const { id } = harness.mount({ pluginName: 'mb-memory-hog', path: 'hog' });
  const { pid } = await harness.supervisor.ensureMounted(id);
  assert.ok(pid !== undefined);
  const status = await statusWhere(id, (s) => s.lastError?.code === 'plugin_memory_exceeded', 'the memory kill');
  const message = status.lastError?.message ?? '';
  assert.match(message, /over its ceiling of 96 MiB/);
  const peak = Number(/used (\d+) MiB/.exec(message)?.[1]);
  assert.ok(peak > 96, `peak ${peak} MiB must exceed the ceiling`);
  assert.match(message, /memoryLimitMiB/);
  assert.match(message, /the plugins\.tune call \{type: "secret", name: "mb-memory-hog", memoryLimitMiB: \d+\}/);
  assert.notEqual(status.state, 'ready');
  assert.equal(pidAlive(pid), false, 'the hog is gone');
  await harness.supervisor.removeMount(id);
});

test('a ceiling tuned below the running process ends it at the next sample; resources are reported live', async () => {
  const { id } = harness.mount({ pluginName: 'mb-serve', path: 'tuned' });
  await harness.supervisor.ensureMounted(id);
  const sampled = await statusWhere(id, (s) => (s.resources?.rssBytes ?? 0) > 0, 'a resource sample');
  assert.equal(sampled.memoryLimitMiB, 1024, 'the default ceiling is 1 GiB');
  assert.ok((sampled.resources?.peakRssBytes ?? 0) >= (sampled.resources?.rssBytes ?? 0));
  assert.ok((sampled.resources?.processes ?? 0) >= 1);
  const entry = harness.catalog.tune('secret', 'mb-serve', undefined, { memoryLimitMiB: 16 });
  harness.supervisor.updateEntry(entry);
  const killed = await statusWhere(id, (s) => s.lastError?.code === 'plugin_memory_exceeded', 'the kill after the tune');
  assert.match(killed.lastError?.message ?? '', /ceiling of 16 MiB/);
  harness.supervisor.updateEntry(harness.catalog.tune('secret', 'mb-serve', undefined, { memoryLimitMiB: 1024 }));
  const { response } = await harness.supervisor.request(id, { operation: 'read', path: 'ok' });
  assert.equal(response?.data?.['ok'], true, 'restarted under the raised ceiling');
  await harness.supervisor.removeMount(id);
});

test('a request past its deadline whose plugin keeps spinning gets the plugin killed (plugin_cpu_runaway) and restarted', async () => {
  const { id } = harness.mount({ pluginName: 'mb-spin', path: 'spinner', requestTimeoutMs: 500 });
  const first = await harness.supervisor.ensureMounted(id);
  await assert.rejects(harness.supervisor.request(id, { operation: 'read', path: 'spin' }), (error: unknown) => {
    assert.ok(isHostError(error));
    assert.equal(error.code, 'deadline_exceeded');
    assert.match(error.message, /within 500 ms, the mount's request timeout/);
    assert.match(error.message, /Mounts page → Tune "spinner\/" → Request timeout, or mounts\.tune \{path: "spinner\/", requestTimeout: "60s"\}/);
    return true;
  });
  const status = await statusWhere(id, (s) => s.lastError?.code === 'plugin_cpu_runaway', 'the CPU watchdog');
  assert.match(status.lastError?.message ?? '', /did not answer HandleRequest on "spinner\/spin" within 500 ms and kept [\d.]+ core\(s\) busy/);
  const { response } = await harness.supervisor.request(id, { operation: 'read', path: 'ok' });
  assert.equal(response?.data?.['ok'], true);
  const after = harness.supervisor.mountStatus(id);
  assert.notEqual(after?.pid, first.pid);
  assert.equal(after?.restarts, 1);
  assert.equal(after?.id, status.id, 'same slot');
  await harness.supervisor.removeMount(id);
});

test('a request past its deadline on an idle plugin does not kill it', async () => {
  const { id } = harness.mount({ pluginName: 'mb-sleep', path: 'sleeper' });
  const first = await harness.supervisor.ensureMounted(id);
  const timeoutMs = 300;
  await assert.rejects(
    harness.supervisor.request(id, { operation: 'read', path: 'sleep/5000' }, { timeoutMs }),
    (error: unknown) => isHostError(error) && error.code === 'deadline_exceeded',
  );
  // Past the watchdog's window (1 s) the plugin still serves from the same process.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const { response } = await harness.supervisor.request(id, { operation: 'read', path: 'ok' });
  assert.equal(response?.data?.['ok'], true);
  assert.equal(harness.supervisor.mountStatus(id)?.pid, first.pid);
  assert.equal(harness.supervisor.mountStatus(id)?.lastError, undefined);
  await harness.supervisor.removeMount(id);
});

test("the start timeout is the catalog entry's, and the message says where to change it", async () => {
  harness.catalog.tune('secret', 'mb-hang', undefined, { startTimeoutSeconds: 1 });
  const { id } = harness.mount({ pluginName: 'mb-hang', path: 'hanger' });
  await assert.rejects(harness.supervisor.ensureMounted(id), (error: unknown) => {
    assert.ok(isHostError(error));
    assert.equal(error.code, 'start_timeout');
    assert.match(error.message, /within 1000 ms/);
    assert.match(error.message, /startTimeoutSeconds\): Plugins page → Catalog → Limits on "mb-hang", or the plugins\.tune call \{type: "secret", name: "mb-hang", startTimeoutSeconds: 60\}/);
    return true;
  });
  await harness.supervisor.removeMount(id);
});

test("status reports the running plugin's own version and the sha256 it was started from", async () => {
  const { id } = harness.mount({ pluginName: 'mb-serve', path: 'versioned' });
  await harness.supervisor.ensureMounted(id);
  const status = await statusWhere(id, (s) => s.runningVersion !== undefined, 'the version answer');
  assert.equal(status.runningVersion, 'v0.9.1-misbehave');
  assert.equal(status.version, '', 'the catalog entry is unversioned');
  assert.equal(status.runningSha256, harness.catalog.get('secret', 'mb-serve')?.sha256);
  await harness.supervisor.removeMount(id);
});

test('a reload keeps the slot: same id, restart count and last error; a new process', async () => {
  const { id } = harness.mount({ pluginName: 'mb-serve', path: 'reloaded' });
  await harness.supervisor.ensureMounted(id);
  await assert.rejects(harness.supervisor.request(id, { operation: 'read', path: 'crash' }));
  await harness.supervisor.request(id, { operation: 'read', path: 'ok' });
  const before = harness.supervisor.mountStatus(id);
  assert.equal(before?.restarts, 1);
  assert.equal(before?.lastError?.code, 'plugin_exited');
  await harness.supervisor.reloadMounts([id]);
  const reloaded = harness.supervisor.mountStatus(id);
  assert.equal(reloaded?.id, before?.id);
  assert.notEqual(reloaded?.pid, before?.pid);
  assert.equal(reloaded?.state, 'ready');
  assert.equal(reloaded?.restarts, 2, 'a reload counts as a restart of the slot');
  assert.equal(reloaded?.lastError?.code, 'plugin_exited', 'history kept');
  assert.equal(harness.supervisor.status().filter((s) => s.mounts.includes(id)).length, 1, 'no second slot');
  const { response } = await harness.supervisor.request(id, { operation: 'read', path: 'ok' });
  assert.equal(response?.data?.['ok'], true);
  assert.equal(before?.pid !== undefined && pidAlive(before.pid), false, 'the old process is gone');
  await harness.supervisor.removeMount(id);
});
