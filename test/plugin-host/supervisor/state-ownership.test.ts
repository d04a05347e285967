/**
 * Each piece of a plugin process's state has one owner and changes only through its methods:
 * a backend keeps why its mount failed and hands it out once; a slot's restart gate keeps the
 * last failure and the pause, and answers a request with `plugin_backing_off` or lets it wait.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostError, isHostError } from '../../../plugin-host/errors';
import { HostBroker } from '../../../plugin-host/grpc/broker';
import { PluginConnection } from '../../../plugin-host/grpc/connection';
import { createHostCertificate } from '../../../plugin-host/launch/mtls';
import { MountedBackend } from '../../../plugin-host/supervisor/mounted-backend';
import { RestartGate } from '../../../plugin-host/supervisor/restart-gate';
import { MemoryStorage } from '../../support/memory-storage';

test('a backend keeps why its mount on a start failed and hands it out once', async () => {
  const socketDir = await mkdtemp(join(tmpdir(), 'sro-'));
  const certificate = await createHostCertificate();
  // A real connection and broker to a process that has gone: every call fails with its exit error.
  const connection = new PluginConnection(
    { plugin: 'gone', network: 'unix', address: join(socketDir, 'plugin.sock'), serverCertPem: certificate.certPem },
    certificate,
    Promise.resolve(),
  );
  const broker = new HostBroker(connection, socketDir, certificate, certificate.certPem);
  const gone = new HostError('plugin_exited', 'Plugin "gone" exited while serving requests.');
  await broker.close();
  connection.failAll(gone);
  try {
    const backend = new MountedBackend({ id: 'm1', path: 'kv/', pluginType: 'secret', pluginName: 'gone', storage: new MemoryStorage() });
    const context = { connection, broker, pluginVersion: '', vaultVersion: '1.21.0', lifecycleTimeoutMs: 1_000, reports: { wanted: () => false, report: () => {} } };

    const failure = await backend.mountOnStart(context);
    assert.equal(failure, gone, 'the start learns the failure');
    assert.equal(backend.mounted, false);
    assert.equal(backend.everMounted, false, 'a mount that never worked is not re-mounted by later restarts');
    assert.equal(backend.takeMountError(), gone, "the mount's own next request is told why");
    assert.equal(backend.takeMountError(), undefined, 'once: the request after that tries again');
  } finally {
    await rm(socketDir, { recursive: true, force: true });
  }
});

test('the restart gate keeps the last failure and refuses a long pause with plugin_backing_off', async () => {
  const gate = new RestartGate({ initialMs: 60_000, maxMs: 60_000, healthyResetMs: 120_000 });
  assert.equal(gate.delayMs(), 0, 'no failure, no pause');
  const crash = new HostError('plugin_exited', 'Plugin "kv" exited with code 2 while serving requests.');
  gate.recordFailure(crash, 0);
  assert.equal(gate.lastError, crash);
  const delay = gate.delayMs();
  assert.equal(delay, 60_000);
  let over = false;
  gate.pause(delay, () => {
    over = true;
  });
  assert.ok((gate.retryAt ?? 0) > Date.now());
  await assert.rejects(gate.waitOrRefuse('kv', 1_000), (error: unknown) => {
    assert.ok(isHostError(error));
    assert.equal(error.code, 'plugin_backing_off');
    assert.equal(error.detail?.['failures'], 1);
    assert.match(error.message, /exited with code 2/);
    return true;
  });
  // A stop or reload ends the pause early: waiters wake (and re-check the slot), the timer's callback does not run.
  gate.cancel();
  assert.equal(gate.retryAt, undefined);
  await gate.waitOrRefuse('kv', 1_000);
  assert.equal(over, false);
  // An answered request ends the run of failures; the last failure stays for status().
  gate.recordAnswered();
  assert.equal(gate.delayMs(), 0);
  assert.equal(gate.lastError, crash);
});
