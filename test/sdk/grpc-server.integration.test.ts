// The SDK's gRPC server (sdk/grpc-server.ts) seen from a real grpc-js client with mTLS, as a host
// dials a plugin: replies and metadata, failures with a percent-encoded message, an unknown
// method, and the broker's bidirectional stream (messages in, the stream ended from both sides).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { createHostCertificate } from '../../proto/automtls/certificate';
import type { StorageGetArgs, StorageGetReply} from '../../sdk/gen/pb/backend';
import { StorageService } from '../../sdk/gen/pb/backend';
import type { ConnInfo} from '../../sdk/gen/plugin/grpc_broker';
import { GRPCBrokerService } from '../../sdk/gen/plugin/grpc_broker';
import { PluginGrpcServer } from '../../sdk/grpc-server';

describe('PluginGrpcServer (a host calling the plugin)', { timeout: 30_000 }, () => {
  let dir: string;
  let server: PluginGrpcServer;
  let client: grpc.Client;
  const brokered: ConnInfo[] = [];

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'grpc-server-'));
    const socket = path.join(dir, 'plugin.sock');
    const [host, plugin] = await Promise.all([createHostCertificate(), createHostCertificate()]);
    server = new PluginGrpcServer({ hostCertPem: host.certPem, pluginCertPem: plugin.certPem, pluginKeyPem: plugin.keyPem });
    server.addService(StorageService, {
      get: (call: grpc.ServerUnaryCall<StorageGetArgs, StorageGetReply>, callback: grpc.sendUnaryData<StorageGetReply>) => {
        if (call.request.key === 'refused') return callback({ code: grpc.status.FAILED_PRECONDITION, details: 'no: 100% refused, café' });
        const [tag] = call.metadata.get('multiplex_id');
        callback(null, { entry: { key: call.request.key, value: Buffer.from(`for ${String(tag)}`), seal_wrap: false }, err: '' });
      },
    });
    server.addService(GRPCBrokerService, {
      startStream: (call: grpc.ServerDuplexStream<ConnInfo, ConnInfo>) => {
        call.on('data', (info: ConnInfo) => brokered.push(info));
        call.on('end', () => call.end());
      },
    });
    await server.listen(socket);
    client = new grpc.Client(`unix:${socket}`, grpc.credentials.createSsl(Buffer.from(plugin.certPem), Buffer.from(host.keyPem), Buffer.from(host.certPem)), {
      'grpc.ssl_target_name_override': 'localhost',
      'grpc.default_authority': 'localhost',
    });
  });

  after(() => {
    client.close();
    server.forceShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  function get(key: string, metadata = new grpc.Metadata()): Promise<StorageGetReply> {
    return new Promise((resolve, reject) =>
      client.makeUnaryRequest(StorageService.get.path, StorageService.get.requestSerialize, StorageService.get.responseDeserialize, { key }, metadata, (error, reply) =>
        error ? reject(error) : resolve(reply as StorageGetReply),
      ),
    );
  }

  it('answers unary calls and hands the handler the call metadata', async () => {
    const metadata = new grpc.Metadata();
    metadata.set('multiplex_id', 'mount-7');
    const replies = await Promise.all([get('a', metadata), get('b', metadata)]);
    assert.deepEqual(
      replies.map((reply) => [reply.entry?.key, reply.entry?.value.toString()]),
      [
        ['a', 'for mount-7'],
        ['b', 'for mount-7'],
      ],
    );
  });

  it("sends a handler's failure as its status with the message intact", async () => {
    await assert.rejects(get('refused'), { code: grpc.status.FAILED_PRECONDITION, details: 'no: 100% refused, café' });
  });

  it('answers UNIMPLEMENTED for a method it does not serve', async () => {
    const call = new Promise((resolve, reject) =>
      client.makeUnaryRequest('/pb.Storage/Nope', (b: Buffer) => b, (b: Buffer) => b, Buffer.alloc(0), (error, reply) => (error ? reject(error) : resolve(reply))),
    );
    await assert.rejects(call, { code: grpc.status.UNIMPLEMENTED, details: 'unknown method /pb.Storage/Nope' });
  });

  it('receives every message of a bidirectional stream and ends it when the host does', async () => {
    const method = GRPCBrokerService.startStream;
    const stream = client.makeBidiStreamRequest(method.path, method.requestSerialize, method.responseDeserialize);
    const ended = new Promise<grpc.StatusObject>((resolve) => stream.on('status', resolve));
    stream.on('data', () => {});
    for (let id = 1; id <= 3; id += 1) stream.write({ service_id: id, network: 'unix', address: `/tmp/broker-${id}.sock`, knock: undefined });
    stream.end();
    assert.equal((await ended).code, grpc.status.OK);
    assert.deepEqual(
      brokered.map((info) => [info.service_id, info.address]),
      [
        [1, '/tmp/broker-1.sock'],
        [2, '/tmp/broker-2.sock'],
        [3, '/tmp/broker-3.sock'],
      ],
    );
  });
});
