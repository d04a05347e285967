import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { BASE62_ALPHABET, leaseStorageName, newLeaseId, randomBase62 } from '../../../../electron/core/leases/lease-id';

describe('lease ids', () => {
  test('are the full path, then 24 base62 characters (as Vault builds them)', () => {
    assert.match(newLeaseId('secret/creds/app'), /^secret\/creds\/app\/[A-Za-z0-9]{24}$/);
  });
  test('empty path segments are dropped, as path.Join drops them', () => {
    assert.match(newLeaseId('secret/folder/'), /^secret\/folder\/[A-Za-z0-9]{24}$/);
    assert.match(newLeaseId('secret//a/'), /^secret\/a\/[A-Za-z0-9]{24}$/);
  });
  test('two leases of one path get different ids', () => {
    assert.notEqual(newLeaseId('a/b'), newLeaseId('a/b'));
  });
});

describe('randomBase62', () => {
  test("uses Vault's alphabet: A-Z, a-z, 0-9", () => {
    assert.equal(BASE62_ALPHABET.length, 62);
    assert.equal(new Set(BASE62_ALPHABET).size, 62);
    assert.match(randomBase62(500), /^[A-Za-z0-9]{500}$/);
  });
  test('maps byte b below 248 to the alphabet at b mod 62, and drops bytes 248-255 (no modulo bias)', () => {
    const batches = [Buffer.from([0, 61, 62, 248, 255, 123, 247]), Buffer.from([25, 26, 52])];
    const random = (): Buffer => {
      const next = batches.shift();
      assert.ok(next !== undefined, 'asked for more random bytes than the test has');
      return next;
    };
    // 0 → A, 61 → 9, 62 → A, 248 and 255 dropped, 123 → 9 (123 = 62 + 61), 247 → 9 (247 = 3·62 + 61),
    // then a second batch because two bytes were dropped: 25 → Z.
    assert.equal(randomBase62(6, random), 'A9A99Z');
  });
  test('every character is about equally likely', () => {
    const counts = new Map<string, number>();
    for (const char of randomBase62(62 * 2000)) counts.set(char, (counts.get(char) ?? 0) + 1);
    assert.equal(counts.size, 62);
    // Mean 2000, sd ≈ 44: plain `byte % 62` would draw A-H (5 bytes of 256 each) about 2420 times
    // and the rest (4 of 256) about 1940; a 6-sd bound on each character catches that without flaking.
    for (const [char, count] of counts) assert.ok(Math.abs(count - 2000) < 270, `${char} drawn ${count} times`);
  });
});

describe('leaseStorageName', () => {
  test('is the sha256 of a base62 lease id', () => {
    const id = 'pki/issue/web/AbCdEfGhIjKlMnOpQrStUvWx';
    assert.equal(leaseStorageName(id), createHash('sha256').update(id).digest('hex'));
  });
  test('is the uuid of a lease id of the earlier <path>/<uuid> form, where its record already is', () => {
    assert.equal(leaseStorageName('leased/db/0b7c2d1e-3f4a-4b5c-8d6e-7f8091a2b3c4'), '0b7c2d1e-3f4a-4b5c-8d6e-7f8091a2b3c4');
  });
  test('differs for different ids', () => {
    assert.notEqual(leaseStorageName('a/b/AAAAAAAAAAAAAAAAAAAAAAAA'), leaseStorageName('a/c/AAAAAAAAAAAAAAAAAAAAAAAA'));
  });
});
