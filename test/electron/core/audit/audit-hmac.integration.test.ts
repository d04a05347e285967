import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { AuditHasher } from '../../../../electron/core/audit/audit-hmac';
import { Storage } from '../../../../electron/storage';
import { PASSPHRASE, removeDir, TEST_KDF, tempDataDir } from '../core-helpers';

async function withHasher(run: (hasher: AuditHasher, storage: Storage) => void | Promise<void>): Promise<void> {
  const dataDir = tempDataDir();
  const storage = Storage.open({ dataDir, kdf: TEST_KDF });
  try {
    await storage.init(PASSPHRASE);
    await run(AuditHasher.load(storage), storage);
  } finally {
    storage.close();
    removeDir(dataDir);
  }
}

test('every leaf value is replaced by an HMAC, keys and structure kept', () =>
  withHasher((hasher) => {
    const redacted = hasher.redact({ data: { password: 's3cret', port: 5432, admin: true, tags: ['a', 'b'], none: null } }) as {
      data: Record<string, unknown>;
    };
    assert.deepEqual(Object.keys(redacted.data), ['password', 'port', 'admin', 'tags', 'none']);
    for (const value of [redacted.data['password'], redacted.data['port'], redacted.data['admin'], ...(redacted.data['tags'] as string[])]) {
      assert.match(String(value), /^hmac-sha256:[0-9a-f]{64}$/);
    }
    assert.equal(redacted.data['none'], null);
    assert.equal(JSON.stringify(redacted).includes('s3cret'), false);
  }));

test('the same value hashes the same; audit.hash finds it', () =>
  withHasher((hasher) => {
    assert.equal(hasher.hash('x'), (hasher.redact({ a: 'x' }) as { a: string }).a);
    assert.notEqual(hasher.hash('x'), hasher.hash('y'));
  }));

test('the key is per install, kept in the barrier, and stable across loads', () =>
  withHasher((hasher, storage) => {
    const key = storage.get('core/audit/hmac-key');
    assert.ok(key !== undefined && key.length === 32);
    const expected = 'hmac-sha256:' + createHmac('sha256', key).update('v').digest('hex');
    assert.equal(hasher.hash('v'), expected);
    assert.equal(AuditHasher.load(storage).hash('v'), expected);
  }));

test('two installs hash the same value differently', async () => {
  let first = '';
  await withHasher((hasher) => {
    first = hasher.hash('same');
  });
  await withHasher((hasher) => assert.notEqual(hasher.hash('same'), first));
});
