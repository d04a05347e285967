import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { TTLReply, StorageGetArgs, StorageGetReply } from '../../../plugin-host/gen/pb/backend';
import { createHostCertificate, type HostCertificate } from '../../../plugin-host/launch/mtls';
import { MAX_MESSAGE_BYTES } from '../../../plugin-host/grpc/limits';
import { UnaryChannel } from '../../../plugin-host/grpc/unary-channel';
import { UnaryServer, constantHandler, unaryHandler, unimplementedHandler } from '../../../plugin-host/grpc/unary-server';

// Both ends of a brokered connection in one process: the "host" serves, the "plugin" dials.
let host: HostCertificate;
let plugin: HostCertificate;
let stranger: HostCertificate;
let dir: string;
let server: UnaryServer;
let address: string;

before(async () => {
  [host, plugin, stranger] = await Promise.all([createHostCertificate(), createHostCertificate(), createHostCertificate()]);
  dir = await mkdtemp(join(tmpdir(), 'sru-'));
  address = join(dir, 'broker-1.sock');
  server = new UnaryServer(
    {
      '/pb.SystemView/DefaultLeaseTTL': constantHandler(TTLReply, { TTL: 60_000_000_000n }),
      '/pb.Storage/Get': unaryHandler(StorageGetArgs, StorageGetReply, async ({ key }) => {
        if (key === 'slow') await new Promise((resolve) => setTimeout(resolve, 5_000));
        return { entry: { key, value: Buffer.from(`value of ${key}`), seal_wrap: false }, err: '' };
      }),
      '/pb.SystemView/GenerateIdentityToken': unimplementedHandler('identity tokens are not offered'),
    },
    host,
    plugin.certPem,
  );
  await server.listen(address);
});

after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function dial(as: HostCertificate, serverCertPem = host.certPem): UnaryChannel {
  return new UnaryChannel({ network: 'unix', address, serverCertPem }, as);
}

test('unary calls round-trip over mTLS (constant and async handlers)', async () => {
  const channel = dial(plugin);
  try {
    const ttl = TTLReply.decode(await channel.call('/pb.SystemView/DefaultLeaseTTL', new Uint8Array(0), 'abc', 1_000));
    assert.equal(ttl.TTL, 60_000_000_000n);
    const reply = StorageGetReply.decode(await channel.call('/pb.Storage/Get', StorageGetArgs.encode({ key: 'k1' }).finish(), undefined, 1_000));
    assert.equal(reply.entry?.value.toString(), 'value of k1');
  } finally {
    channel.close();
  }
});

test('unknown and unimplemented methods answer UNIMPLEMENTED with a reason', async () => {
  const channel = dial(plugin);
  try {
    await assert.rejects(channel.call('/pb.Nope/Nothing', new Uint8Array(0), undefined, 1_000), { code: status.UNIMPLEMENTED, details: 'unknown method /pb.Nope/Nothing' });
    await assert.rejects(channel.call('/pb.SystemView/GenerateIdentityToken', new Uint8Array(0), undefined, 1_000), {
      code: status.UNIMPLEMENTED,
      details: 'identity tokens are not offered',
    });
  } finally {
    channel.close();
  }
});

test('a call past its deadline fails with DEADLINE_EXCEEDED at the deadline', async () => {
  const channel = dial(plugin);
  try {
    const startedAt = Date.now();
    await assert.rejects(channel.call('/pb.Storage/Get', StorageGetArgs.encode({ key: 'slow' }).finish(), undefined, 100), { code: status.DEADLINE_EXCEEDED });
    // The handler answers after 5 s: failing well before that means the deadline, not the answer, ended the call.
    assert.ok(Date.now() - startedAt < 4_000, 'failed at the deadline, not when the slow handler answered');
  } finally {
    channel.close();
  }
});

test('a client without the pinned certificate is refused', async () => {
  const channel = dial(stranger);
  try {
    await assert.rejects(channel.call('/pb.SystemView/DefaultLeaseTTL', new Uint8Array(0), undefined, 1_000), { code: status.UNAVAILABLE });
  } finally {
    channel.close();
  }
});

test('a server without the expected certificate is refused by the client', async () => {
  const channel = dial(plugin, stranger.certPem);
  try {
    await assert.rejects(channel.call('/pb.SystemView/DefaultLeaseTTL', new Uint8Array(0), undefined, 1_000), { code: status.UNAVAILABLE });
  } finally {
    channel.close();
  }
});

test('a message over the size cap sent to the host is refused whole (RESOURCE_EXHAUSTED); the server keeps serving', async () => {
  const channel = dial(plugin);
  try {
    const huge = StorageGetArgs.encode({ key: 'x'.repeat(MAX_MESSAGE_BYTES + 1024) }).finish();
    await assert.rejects(channel.call('/pb.Storage/Get', huge, undefined, 10_000), (error: { code: number; details: string }) => {
      assert.equal(error.code, status.RESOURCE_EXHAUSTED);
      assert.match(error.details, /larger than/);
      return true;
    });
    const reply = StorageGetReply.decode(await channel.call('/pb.Storage/Get', StorageGetArgs.encode({ key: 'after' }).finish(), undefined, 1_000));
    assert.equal(reply.entry?.value.toString(), 'value of after');
  } finally {
    channel.close();
  }
});
