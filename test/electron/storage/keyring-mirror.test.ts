import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Keyring } from '../../../electron/storage/keyring';
import { KeyringMirror, MirroredKeyring } from '../../../electron/storage/keyring-mirror';

const sample = Buffer.from('a value the barrier would seal');
const aad = Buffer.from('logical/x/key');

function sealWith(keyring: Keyring): Buffer {
  const out = Buffer.alloc(12 + sample.length + 16);
  keyring.activeKey.sealInto(sample, aad, out, 0);
  return out;
}

test('the mirrored keyring opens what the original sealed, and follows a rotation', () => {
  const mirror = new KeyringMirror();
  const reader = new MirroredKeyring(mirror.buffer);
  assert.equal(reader.current(), undefined, 'nothing published: no keys');
  const first = Keyring.create();
  mirror.publish(first);
  const copy = reader.current();
  assert.ok(copy !== undefined);
  assert.equal(copy.activeTerm, 1);
  assert.deepEqual(copy.keyFor(1)?.open(sealWith(first), 0, aad), sample);
  assert.equal(reader.current(), copy, 'unchanged: the same copy, no re-read');
  const second = first.withNewTerm();
  mirror.publish(second);
  const rotated = reader.current();
  assert.ok(rotated !== undefined && rotated !== copy);
  assert.equal(rotated.activeTerm, 2);
  assert.deepEqual(rotated.keyFor(2)?.open(sealWith(second), 0, aad), sample);
  assert.deepEqual(rotated.keyFor(1)?.open(sealWith(first), 0, aad), sample, 'older terms still open');
});

test('sealing wipes the shared bytes and the reader has no keys at its next call', () => {
  const mirror = new KeyringMirror();
  const reader = new MirroredKeyring(mirror.buffer);
  mirror.publish(Keyring.create());
  assert.ok(reader.current() !== undefined);
  mirror.publish(undefined);
  assert.equal(reader.current(), undefined);
  const shared = new Uint8Array(mirror.buffer);
  assert.ok(shared.subarray(8, 8 + 1024).every((byte) => byte === 0), 'no key byte left in shared memory');
});
