import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostBroker } from '../../../plugin-host/grpc/broker';
import { PluginConnection } from '../../../plugin-host/grpc/connection';
import { isServing, requestShutdown, supportsMultiplexing } from '../../../plugin-host/grpc/plugin-services';
import { HostError, isHostError } from '../../../plugin-host/errors';
import { launchPlugin, type LaunchedPlugin } from '../../../plugin-host/launch/launcher';
import { createHostCertificate, type HostCertificate } from '../../../plugin-host/launch/mtls';
import { ensureFixtures, fixturePath } from '../../fixtures/plugins/fixtures';

let certificate: HostCertificate;
let root: string;

before(async () => {
  await ensureFixtures({ names: ['vault-plugin-secrets-kv'], log: () => {} });
  certificate = await createHostCertificate();
  root = await mkdtemp(join(tmpdir(), 'srg-'));
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function launchKv(name: string, protocolVersions = [4, 5]): Promise<{ plugin: LaunchedPlugin; connection: PluginConnection; socketDir: string }> {
  const socketDir = join(root, name);
  const plugin = await launchPlugin({
    pluginName: 'kv',
    command: fixturePath('vault-plugin-secrets-kv'),
    args: [],
    env: {},
    socketDir,
    hostCertificate: certificate,
    protocolVersions,
    startTimeoutMs: 10_000,
    vaultVersion: '1.21.0',
    onLog: () => {},
  });
  const { handshake } = plugin;
  const connection = new PluginConnection(
    { plugin: 'kv', network: handshake.network, address: handshake.address, serverCertPem: handshake.serverCertPem },
    certificate,
    plugin.exited,
  );
  return { plugin, connection, socketDir };
}

test('mTLS over the unix socket: health is SERVING and protocol 5 multiplexes', async () => {
  const { plugin, connection } = await launchKv('health');
  try {
    assert.equal(await isServing(connection, 5_000), true);
    assert.equal(plugin.handshake.appVersion, 5);
    assert.equal(await supportsMultiplexing(connection, 5_000), true);
  } finally {
    await requestShutdown(connection, 1_000);
    connection.close();
    const exit = await plugin.exited;
    assert.equal(exit.code, 0, 'Shutdown makes the plugin exit cleanly');
  }
});

test('protocol 4: MultiplexingSupport is UNIMPLEMENTED, read as false', async () => {
  const { plugin, connection } = await launchKv('v4', [4]);
  try {
    assert.equal(plugin.handshake.appVersion, 4);
    assert.equal(await supportsMultiplexing(connection, 5_000), false);
  } finally {
    plugin.kill();
    await plugin.exited;
    connection.close();
  }
});

test('the broker serves on a socket in the private dir and removes it on close', async () => {
  const { plugin, connection, socketDir } = await launchKv('broker');
  const broker = new HostBroker(connection, socketDir, certificate, plugin.handshake.serverCertPem);
  try {
    const id = broker.nextId();
    assert.equal(id, 1);
    const server = await broker.acceptAndServe(id, {});
    assert.equal(server.address, join(socketDir, 'broker-1.sock'));
    assert.ok((await stat(server.address)).isSocket());
    await broker.close();
    assert.ok(!(await readdir(socketDir)).includes('broker-1.sock'));
    await assert.rejects(broker.acceptAndServe(broker.nextId(), {}), (error: unknown) => isHostError(error) && error.code === 'plugin_stopped');
  } finally {
    plugin.kill();
    await plugin.exited;
    connection.close();
  }
});

test('failAll rejects calls in flight and later calls with the given error', async () => {
  const { plugin, connection } = await launchKv('fail');
  try {
    await isServing(connection, 5_000);
    const error = new HostError('plugin_exited', 'gone');
    const inFlight = isServing(connection, 5_000);
    connection.failAll(error);
    await assert.rejects(inFlight, (thrown: unknown) => thrown === error);
    await assert.rejects(isServing(connection, 5_000), (thrown: unknown) => thrown === error);
    assert.equal(connection.inFlightCount, 0);
  } finally {
    plugin.kill();
    await plugin.exited;
  }
});

test('a call to a killed plugin fails promptly, not at its deadline', async () => {
  const { plugin, connection } = await launchKv('killed');
  await isServing(connection, 5_000);
  plugin.kill('SIGKILL');
  const startedAt = Date.now();
  await assert.rejects(isServing(connection, 20_000), (error: unknown) => isHostError(error) && error.code === 'transport_error');
  assert.ok(Date.now() - startedAt < 2_000);
  connection.close();
});
