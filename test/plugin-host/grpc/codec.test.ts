import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnInfo } from '../../../plugin-host/gen/plugin/grpc_broker';
import { TypeReply } from '../../../plugin-host/gen/pb/backend';
import { asBuffer, method, methodWithEmptyRequest } from '../../../plugin-host/grpc/codec';

test('serialize wraps the encoder output without copying, and round-trips', () => {
  const descriptor = method('/plugin.GRPCBroker/StartStream', ConnInfo, ConnInfo);
  const info = { service_id: 7, network: 'unix', address: '/tmp/x/broker-7.sock', knock: undefined };
  const bytes = descriptor.serialize(info);
  assert.ok(Buffer.isBuffer(bytes));
  assert.deepEqual(descriptor.deserialize(bytes), info);
  const raw = new Uint8Array([1, 2, 3, 4]).subarray(1, 3);
  const wrapped = asBuffer(raw);
  raw[0] = 9;
  assert.equal(wrapped[0], 9, 'same memory');
  assert.equal(wrapped.length, 2);
});

test('empty requests are zero bytes on the wire', () => {
  const descriptor = methodWithEmptyRequest('/pb.Backend/Type', TypeReply);
  assert.equal(descriptor.serialize({}).length, 0);
  assert.equal(descriptor.deserialize(Buffer.from([8, 1])).type, 1);
});
