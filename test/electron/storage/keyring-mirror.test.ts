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

test('a copy that does not match its sha256 (a torn read) never becomes the keys: refused with the way back', () => {
  const mirror = new KeyringMirror();
  const reader = new MirroredKeyring(mirror.buffer);
  mirror.publish(Keyring.create());
  // Damage one byte of the record and move seq on by a whole (even) step, as a finished write would.
  const bytes = new Uint8Array(mirror.buffer);
  bytes[40 + 5] = (bytes[40 + 5]! + 1) & 0xff;
  Atomics.add(new Int32Array(mirror.buffer, 0, 2), 0, 2);
  assert.throws(() => reader.current(), /could not read a consistent copy of the keyring.*Unset STRONGROOM_CALLBACK_THREAD/);
  // The next good publish is read again.
  const fresh = Keyring.create();
  mirror.publish(fresh);
  assert.equal(reader.current()?.activeTerm, fresh.activeTerm);
});
