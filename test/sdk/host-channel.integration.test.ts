// The SDK's lean channel to the host (sdk/host-channel.ts) against a real grpc-js server with
// mTLS, as a host's brokered Storage server is: replies, a failed status with a percent-encoded
// message, a client certificate the server does not trust, a lost server and the reconnection.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { createHostCertificate, type HostCertificate } from '../../proto/automtls/certificate';
import { StorageGetArgs, StorageGetReply, StorageListArgs, StorageListReply, StorageService } from '../../sdk/gen/pb/backend';
import { HostCallError, HostChannel } from '../../sdk/host-channel';

const GET = { path: '/pb.Storage/Get', request: StorageGetArgs, response: StorageGetReply };
const LIST = { path: '/pb.Storage/List', request: StorageListArgs, response: StorageListReply };

describe('HostChannel (the SDK plugin calling its host)', { timeout: 30_000 }, () => {
  let dir: string;
  let socket: string;
  let host: HostCertificate;
  let plugin: HostCertificate;
  let server: grpc.Server | undefined;

  async function startServer(): Promise<void> {
    const started = new grpc.Server();
    started.addService(StorageService, {
      get: (call: grpc.ServerUnaryCall<StorageGetArgs, StorageGetReply>, callback: grpc.sendUnaryData<StorageGetReply>) =>
        callback(null, { entry: { key: call.request.key, value: Buffer.from(`value of ${call.request.key}`), seal_wrap: false }, err: '' }),
      list: (_call: unknown, callback: grpc.sendUnaryData<StorageListReply>) =>
        callback({ code: grpc.status.PERMISSION_DENIED, details: 'not yours: 100% sure' }),
    });
    const credentials = grpc.ServerCredentials.createSsl(
      Buffer.from(plugin.certPem),
      [{ cert_chain: Buffer.from(host.certPem), private_key: Buffer.from(host.keyPem) }],
      true,
    );
    await new Promise<void>((resolve, reject) => started.bindAsync(`unix:${socket}`, credentials, (error) => (error ? reject(error) : resolve())));
    server = started;
  }

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'host-channel-'));
    socket = path.join(dir, 'broker.sock');
    host = await createHostCertificate();
    plugin = await createHostCertificate();
    await startServer();
  });

  after(() => {
    server?.forceShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  const channelFor = (pluginCert: HostCertificate) =>
    new HostChannel({ network: 'unix', address: socket }, { hostCertPem: host.certPem, pluginCertPem: pluginCert.certPem, pluginKeyPem: pluginCert.keyPem });

  it('answers calls, many in flight on one session', async () => {
    const channel = channelFor(plugin);
    try {
      const keys = Array.from({ length: 20 }, (_, i) => `key-${i}`);
      const replies = await Promise.all(keys.map((key) => channel.call(GET, { key })));
      assert.deepEqual(
        replies.map((reply) => reply.entry?.value.toString()),
        keys.map((key) => `value of ${key}`),
      );
    } finally {
      channel.close();
    }
  });

  it('rejects a failed status with its code and decoded message, shaped like grpc-js errors', async () => {
    const channel = channelFor(plugin);
    try {
      const error = await channel.call(LIST, { prefix: '' }).then(
        () => assert.fail('the call should have failed'),
        (failure: unknown) => failure,
      );
      assert.ok(error instanceof HostCallError);
      assert.equal(error.code, grpc.status.PERMISSION_DENIED);
      assert.equal(error.details, 'not yours: 100% sure');
      assert.equal(error.message, '7 PERMISSION_DENIED: not yours: 100% sure');
    } finally {
      channel.close();
    }
  });

  it('fails as UNAVAILABLE when the host does not accept the plugin certificate', async () => {
    const stranger = await createHostCertificate();
    const channel = channelFor(stranger);
    try {
      await assert.rejects(channel.call(GET, { key: 'k' }), (error: unknown) => error instanceof HostCallError && error.code === grpc.status.UNAVAILABLE);
    } finally {
      channel.close();
    }
  });

  it('fails as UNAVAILABLE while the host is gone, and reconnects once it is back', async () => {
    const channel = channelFor(plugin);
    try {
      assert.equal((await channel.call(GET, { key: 'before' })).entry?.key, 'before');
      server?.forceShutdown();
      server = undefined;
      await assert.rejects(channel.call(GET, { key: 'gone' }), (error: unknown) => error instanceof HostCallError && error.code === grpc.status.UNAVAILABLE);
      await startServer();
      assert.equal((await channel.call(GET, { key: 'after' })).entry?.key, 'after');
    } finally {
      channel.close();
    }
  });

  it('refuses calls after close', async () => {
    const channel = channelFor(plugin);
    channel.close();
    await assert.rejects(channel.call(GET, { key: 'k' }), /closed/);
  });
});
