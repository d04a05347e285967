import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PluginCatalog } from '../../../plugin-host/catalog/catalog';
import { isHostError } from '../../../plugin-host/errors';
import type { MountReport, ProcessStatus } from '../../../plugin-host/supervisor/events';
import { PluginSupervisor } from '../../../plugin-host/supervisor/supervisor';
import { ensureFixtures, fixturePath } from '../../fixtures/plugins/fixtures';
import { MemoryStorage } from '../../support/memory-storage';
import { startHarness } from '../../support/supervisor-harness';

const hasCode = (code: string) => (error: unknown) => {
  assert.ok(isHostError(error), String(error));
  assert.equal(error.code, code, error.message);
  return true;
};

test('lazy start, status events, plugin reports, unknown mount and plugin', async () => {
  const harness = await startHarness([{ name: 'kv', fixture: 'vault-plugin-secrets-kv' }]);
  const { supervisor } = harness;
  const statuses: ProcessStatus[] = [];
  const reports: MountReport[] = [];
  supervisor.events.on('status', (status) => statuses.push(status));
  supervisor.events.on('report', (report) => reports.push(report));
  try {
    const { id } = harness.mount({ pluginName: 'kv', path: 'lazy' });
    assert.deepEqual(supervisor.status(), [], 'nothing runs before the first request');
    await supervisor.request(id, { operation: 'update', path: 'k', data: { v: 1 } });
    assert.deepEqual(statuses.map((status) => status.state), ['starting', 'ready']);
    const ready = supervisor.mountStatus(id);
    assert.equal(ready?.state, 'ready');
    assert.ok((ready?.pid ?? 0) > 0);
    assert.equal(ready?.restarts, 0);
    assert.ok((ready?.uptimeMs ?? -1) >= 0);
    assert.ok(reports.some((report) => report.kind === 'event' && report.mountId === id && report.mountPath === 'lazy/'));

    await assert.rejects(supervisor.request('no-such-mount', { operation: 'read', path: 'k' }), hasCode('mount_not_found'));
    const missing = harness.mount({ pluginName: 'not-registered', path: 'missing' });
    await assert.rejects(supervisor.request(missing.id, { operation: 'read', path: 'k' }), hasCode('plugin_not_found'));
    await supervisor.stop();
    // A stopped host is not a stopped mount: nothing to enable, the request was just not sent.
    await assert.rejects(supervisor.request(id, { operation: 'read', path: 'k' }), (error: unknown) => {
      hasCode('host_shutting_down')(error);
      assert.doesNotMatch((error as Error).message, /enable/i);
      return true;
    });
  } finally {
    await supervisor.stop();
  }
  assert.equal(statuses.at(-1)?.state, 'stopped');
});

test('a secrets plugin mounted as an auth method fails with wrong_backend_type', async () => {
  await ensureFixtures({ names: ['vault-plugin-secrets-kv'], log: () => {} });
  const pluginDirectory = await mkdtemp(join(tmpdir(), 'srp-'));
  await copyFile(fixturePath('vault-plugin-secrets-kv'), join(pluginDirectory, 'kv'));
  const catalog = new PluginCatalog({ pluginDirectory });
  await catalog.register({ type: 'auth', name: 'kv-as-auth', command: 'kv' });
  const supervisor = new PluginSupervisor({ catalog });
  try {
    supervisor.addMount({ id: 'm1', path: 'auth/kv', pluginType: 'auth', pluginName: 'kv-as-auth', storage: new MemoryStorage() });
    await assert.rejects(supervisor.request('m1', { operation: 'read', path: 'x' }), hasCode('wrong_backend_type'));
  } finally {
    await supervisor.stop();
    await rm(pluginDirectory, { recursive: true, force: true });
  }
});

test('the sha256 is checked before every start, restarts included; long backoff fails fast', async () => {
  await ensureFixtures({ names: ['vault-plugin-secrets-kv'], log: () => {} });
  const pluginDirectory = await mkdtemp(join(tmpdir(), 'srp-'));
  const binary = join(pluginDirectory, 'kv');
  await copyFile(fixturePath('vault-plugin-secrets-kv'), binary);
  const catalog = new PluginCatalog({ pluginDirectory });
  await catalog.register({ type: 'secret', name: 'kv', command: 'kv' });
  const supervisor = new PluginSupervisor({
    catalog,
    backoff: { initialMs: 300, maxMs: 10_000, healthyResetMs: 60_000 },
    maxBackoffWaitMs: 50,
  });
  try {
    supervisor.addMount({ id: 'm1', path: 'kv', pluginType: 'secret', pluginName: 'kv', storage: new MemoryStorage() });
    await supervisor.request('m1', { operation: 'update', path: 'k', data: { v: 1 } });
    const pid = supervisor.mountStatus('m1')?.pid as number;

    process.kill(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(supervisor.mountStatus('m1')?.state, 'backing-off');
    await assert.rejects(supervisor.request('m1', { operation: 'read', path: 'k' }), (error: unknown) => {
      assert.ok(isHostError(error));
      assert.equal(error.code, 'plugin_backing_off');
      assert.match(error.message, /next start is allowed in \d+ s/);
      assert.equal(typeof error.detail?.['retryAt'], 'number');
      return true;
    });

    await writeFile(binary, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    await new Promise((resolve) => setTimeout(resolve, 350));
    await assert.rejects(supervisor.request('m1', { operation: 'read', path: 'k' }), hasCode('sha256_mismatch'));
  } finally {
    await supervisor.stop();
    await rm(pluginDirectory, { recursive: true, force: true });
  }
});

test("what a plugin prints to stdout during Setup reaches the log over go-plugin's stdio stream", async () => {
  const harness = await startHarness([{ name: 'custom', fixture: 'strongroom-custom' }], { rollbackIntervalMs: 0 });
  const lines: Array<{ message: string; channel: unknown; plugin: string }> = [];
  harness.supervisor.events.on('log', (line) => lines.push({ message: line.message, channel: line.fields['channel'], plugin: line.plugin }));
  try {
    const { id } = harness.mount({ pluginName: 'custom', path: 'printing' });
    await harness.supervisor.ensureMounted(id);
    const deadline = Date.now() + 5000;
    while (!lines.some((line) => line.message.includes('backend created')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(
      lines.filter((line) => line.message.includes('backend created')),
      [{ message: 'strongroom-custom: backend created', channel: 'stdout', plugin: 'custom' }],
    );
  } finally {
    await harness.supervisor.stop();
  }
});
