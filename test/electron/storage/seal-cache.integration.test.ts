/**
 * The seal record kept in memory while unsealed (`Seal.cachedRecord`): `status()` answers from it
 * without reading the file, every writer here refreshes it, seal() drops it, and init / unseal /
 * changePassphrase read the file, so a second process on the same data directory that re-wraps
 * the root key is obeyed at the next unseal. The file is changed behind the store's back through
 * a connection of the test's own (real SQLite, real scrypt at the smallest parameters).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../../electron/storage/database';
import { Storage } from '../../../electron/storage/storage';
import { FAST_KDF, PASSPHRASE, tempDataDir, unsealedStorage } from './helpers';

const NEXT = 'another long passphrase here';
const STRONGER_KDF = { ...FAST_KDF, N: 2 ** 15 };

/** Overwrites the stored seal record with `value`, as another process (or damage) would. */
function overwriteSealRecord(dataDir: string, value: string): void {
  const db = new Database(join(dataDir, DATABASE_FILE));
  try {
    db.prepare("UPDATE meta SET value = ? WHERE name = 'seal'").run(Buffer.from(value));
  } finally {
    db.close();
  }
}

describe('seal record in memory', () => {
  it('while unsealed, status() answers from memory; once sealed, from the file', async (t) => {
    const { storage, dataDir } = await unsealedStorage(t);
    overwriteSealRecord(dataDir, 'not json');
    assert.deepEqual(storage.status().kdf, { algorithm: 'scrypt', ...FAST_KDF }, 'the record init wrote is what status reports');
    storage.seal();
    assert.throws(() => storage.status(), { code: 'corrupt', message: /seal record .* is unreadable/ });
  });

  it('unseal keeps the record it read from the file', async (t) => {
    const { storage, dataDir } = await unsealedStorage(t);
    storage.seal();
    await storage.unseal(PASSPHRASE);
    overwriteSealRecord(dataDir, '{"format":2}');
    assert.equal(storage.status().sealed, false);
    assert.equal(storage.status().kdf?.N, FAST_KDF.N);
  });

  it('changePassphrase refreshes it: status reports the parameters it wrapped with, and the new passphrase is the one that unseals', async (t) => {
    const dataDir = tempDataDir(t);
    const first = Storage.open({ dataDir, kdf: FAST_KDF });
    await first.init(PASSPHRASE);
    first.close();
    const storage = Storage.open({ dataDir, kdf: STRONGER_KDF });
    t.after(() => storage.close());
    await storage.unseal(PASSPHRASE);
    assert.equal(storage.status().kdf?.N, FAST_KDF.N, 'the file was wrapped with the smaller parameters');
    await storage.changePassphrase(PASSPHRASE, NEXT);
    assert.equal(storage.status().kdf?.N, STRONGER_KDF.N, 'status follows the record changePassphrase wrote');
    storage.seal();
    assert.equal(storage.status().kdf?.N, STRONGER_KDF.N, 'and the file holds the same');
    await assert.rejects(storage.unseal(PASSPHRASE), { code: 'wrong_passphrase' });
    await storage.unseal(NEXT);
    assert.equal(storage.status().sealed, false);
  });

  it('a second process that changes the passphrase is obeyed at this one\'s next unseal', async (t) => {
    const { storage, dataDir } = await unsealedStorage(t);
    const other = Storage.open({ dataDir, kdf: FAST_KDF });
    t.after(() => other.close());
    await other.unseal(PASSPHRASE);
    await other.changePassphrase(PASSPHRASE, NEXT);
    storage.seal();
    await assert.rejects(storage.unseal(PASSPHRASE), { code: 'wrong_passphrase' }, 'unseal read the file, not the record kept before');
    await storage.unseal(NEXT);
    assert.equal(storage.status().sealed, false);
  });

  it('init checks the file, not memory: a directory another process initialised is refused', async (t) => {
    const dataDir = tempDataDir(t);
    const storage = Storage.open({ dataDir, kdf: FAST_KDF });
    t.after(() => storage.close());
    assert.equal(storage.status().initialized, false);
    const other = Storage.open({ dataDir, kdf: FAST_KDF });
    await other.init(PASSPHRASE);
    other.close();
    assert.equal(storage.status().initialized, true, 'sealed, status reads the file');
    await assert.rejects(storage.init(NEXT), { code: 'already_initialized' });
    await storage.unseal(PASSPHRASE);
    assert.equal(storage.status().sealed, false);
  });
});
