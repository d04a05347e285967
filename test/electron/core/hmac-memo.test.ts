/** HmacMemo: the same digests as node:crypto's HMAC, whether remembered or not; bounded; refused after destroy(). */
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { HmacMemo } from '../../../electron/core/hmac-memo';

const hmac = (key: Buffer, value: string) => createHmac('sha256', key).update(value, 'utf8').digest('hex');

test('a remembered digest and a fresh one are both the HMAC-SHA256 of the value', () => {
  const key = randomBytes(32);
  const memo = new HmacMemo(key, 4, 16);
  for (const value of ['token-a', 'token-a', 'é and ✓', '', 'x'.repeat(17), 'x'.repeat(17)]) assert.equal(memo.hex(value), hmac(key, value), value);
  assert.equal(memo.size, 3, 'the 17-character value is hashed but not kept (longer than 16)');
});

test('at capacity the oldest value goes first, and every answer stays right', () => {
  const key = randomBytes(32);
  const memo = new HmacMemo(key, 3);
  const values = Array.from({ length: 10 }, (_, i) => `value-${i}`);
  for (const value of [...values, ...values.reverse()]) assert.equal(memo.hex(value), hmac(key, value));
  assert.equal(memo.size, 3);
});

test('destroy() forgets every digest and refuses later ones: nothing is hashed under the zeroed key', () => {
  const key = randomBytes(32);
  const memo = new HmacMemo(key);
  memo.hex('secret value');
  memo.destroy();
  key.fill(0);
  assert.equal(memo.size, 0);
  assert.throws(() => memo.hex('secret value'), /wiped when Strongroom sealed; unseal and send the request again/);
});

test('capacity 0 (the audit hasher: secret values) remembers nothing and still answers right', () => {
  const key = randomBytes(32);
  const memo = new HmacMemo(key, 0);
  for (const value of ['a', 'a', 'b']) assert.equal(memo.hex(value), hmac(key, value));
  assert.equal(memo.size, 0);
});
