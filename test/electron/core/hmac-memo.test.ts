/** HmacMemo: the same digests as node:crypto's HMAC, whether remembered or not; bounded; emptied by clear(). */
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

test('clear() forgets every digest: after the owner zeroes its key, nothing of the old key is answered', () => {
  const key = randomBytes(32);
  const memo = new HmacMemo(key);
  const before = memo.hex('secret value');
  memo.clear();
  key.fill(0);
  assert.equal(memo.size, 0);
  assert.notEqual(memo.hex('secret value'), before);
  assert.equal(memo.hex('secret value'), hmac(Buffer.alloc(32), 'secret value'));
});
