import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnInfo } from '../../../plugin-host/gen/plugin/grpc_broker';
import { TypeReply } from '../../../plugin-host/gen/pb/backend';
import { asBuffer, method, methodWithEmptyRequest } from '../../../plugin-host/grpc/codec';
import { frame, unframe } from '../../../plugin-host/grpc/framing';

test('frame encodes the request behind its gRPC prefix, the same bytes as framing the encoded message', () => {
  const descriptor = method('/plugin.GRPCBroker/StartStream', ConnInfo, ConnInfo);
  const info = { service_id: 7, network: 'unix', address: '/tmp/x/broker-7.sock', knock: undefined };
  const framed = descriptor.frame(info);
  assert.deepEqual(Buffer.from(framed), frame(ConnInfo.encode(info).finish()));
  const message = unframe([Buffer.from(framed)]);
  assert.ok(Buffer.isBuffer(message));
  assert.deepEqual(descriptor.deserialize(message), info);
});

test('frames from the reused writer do not share memory, and a large message is framed whole', () => {
  const descriptor = method('/plugin.GRPCBroker/StartStream', ConnInfo, ConnInfo);
  const first = descriptor.frame({ service_id: 1, network: 'unix', address: 'a', knock: undefined });
  const firstCopy = Buffer.from(first);
  const large = { service_id: 2, network: 'unix', address: 'x'.repeat(200_000), knock: undefined };
  const second = descriptor.frame(large);
  assert.deepEqual(Buffer.from(first), firstCopy, 'the first frame is unchanged by the next encode');
  assert.equal(Buffer.from(second).readUInt32BE(1), second.length - 5);
  const message = unframe([Buffer.from(second)]);
  assert.ok(Buffer.isBuffer(message));
  assert.equal(descriptor.deserialize(message).address.length, 200_000);
  const after = descriptor.frame({ service_id: 3, network: 'tcp', address: 'b', knock: undefined });
  assert.deepEqual(Buffer.from(after), frame(ConnInfo.encode({ service_id: 3, network: 'tcp', address: 'b', knock: undefined }).finish()));
});

test('asBuffer wraps bytes without copying', () => {
  const raw = new Uint8Array([1, 2, 3, 4]).subarray(1, 3);
  const wrapped = asBuffer(raw);
  raw[0] = 9;
  assert.equal(wrapped[0], 9, 'same memory');
  assert.equal(wrapped.length, 2);
});

test('empty requests are a bare prefix on the wire', () => {
  const descriptor = methodWithEmptyRequest('/pb.Backend/Type', TypeReply);
  assert.deepEqual([...descriptor.frame({})], [0, 0, 0, 0, 0]);
  assert.equal(descriptor.deserialize(Buffer.from([8, 1])).type, 1);
});
