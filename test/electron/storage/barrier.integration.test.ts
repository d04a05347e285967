import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../../electron/storage/database';
import { unsealedStorage } from './helpers';

/** Opens the same file beside the storage, to play the attacker who edits it on disk. */
function rawDatabase(dataDir: string, t: { after(fn: () => void): void }): Database.Database {
  const db = new Database(join(dataDir, DATABASE_FILE));
  t.after(() => db.close());
  return db;
}

const storedValue = (db: Database.Database, path: string) =>
  db.prepare('SELECT value FROM entries WHERE path = ?').pluck().get(path) as Buffer;

describe('barrier', () => {
  it('round-trips values of several sizes, and a missing path reads as undefined', async (t) => {
    const { storage } = await unsealedStorage(t);
    for (const size of [0, 1, 100, 70_000]) {
      const value = Buffer.alloc(size, size % 251);
      storage.put(`core/sized/${size}`, value);
      assert.deepEqual(storage.get(`core/sized/${size}`), value);
    }
    assert.equal(storage.get('core/never-written'), undefined);
    storage.delete('core/sized/1');
    assert.equal(storage.get('core/sized/1'), undefined);
  });

  it('stores ciphertext, not the value, and a fresh nonce on every write', async (t) => {
    const { storage, dataDir } = await unsealedStorage(t);
    const db = rawDatabase(dataDir, t);
    const value = Buffer.from('same value twice');
    storage.put('core/a', value);
    const first = storedValue(db, 'core/a');
    storage.put('core/a', value);
    const second = storedValue(db, 'core/a');
    assert.equal(first.includes(value), false);
    assert.equal(first.length, 5 + 12 + value.length + 16);
    assert.notDeepEqual(first, second);
  });

  it('rotation: new writes use the new term and old terms still decrypt', async (t) => {
    const { storage, dataDir } = await unsealedStorage(t);
    const db = rawDatabase(dataDir, t);
    storage.put('core/old', Buffer.from('written under term 1'));
    assert.equal(storage.rotate(), 2);
    storage.put('core/new', Buffer.from('written under term 2'));
    assert.equal(storedValue(db, 'core/old').readUInt32BE(0), 1);
    assert.equal(storedValue(db, 'core/new').readUInt32BE(0), 2);
    assert.equal(storage.status().activeKeyTerm, 2);

    storage.seal();
    await storage.unseal('correct horse battery staple');
    assert.equal(storage.status().activeKeyTerm, 2, 'the rotated keyring was persisted');
    assert.equal(storage.get('core/old')?.toString(), 'written under term 1');
    assert.equal(storage.get('core/new')?.toString(), 'written under term 2');
  });

  it('detects a tampered ciphertext and names the path', async (t) => {
    const { storage, dataDir } = await unsealedStorage(t);
    const db = rawDatabase(dataDir, t);
    storage.put('core/target', Buffer.from('do not touch'));
    const stored = storedValue(db, 'core/target');
    for (const at of [5, 20, stored.length - 1]) {
      const tampered = Buffer.from(stored);
      tampered[at]! ^= 0x01;
      db.prepare('UPDATE entries SET value = ? WHERE path = ?').run(tampered, 'core/target');
      assert.throws(() => storage.get('core/target'), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'corrupt');
        assert.match(error.message, /"core\/target"/);
        return true;
      });
    }
    db.prepare('UPDATE entries SET value = ? WHERE path = ?').run(stored.subarray(0, 20), 'core/target');
    assert.throws(() => storage.get('core/target'), { code: 'corrupt' });
  });

  it('detects a value moved or copied to another path', async (t) => {
    const { storage, dataDir } = await unsealedStorage(t);
    const db = rawDatabase(dataDir, t);
    storage.put('core/alice', Buffer.from("alice's secret"));
    storage.put('core/bob', Buffer.from("bob's secret"));
    db.prepare('UPDATE entries SET value = ? WHERE path = ?').run(storedValue(db, 'core/alice'), 'core/bob');
    assert.throws(() => storage.get('core/bob'), { code: 'corrupt', message: /"core\/bob".*moved/ });
    assert.equal(storage.get('core/alice')?.toString(), "alice's secret");
  });

  it('batch commits all writes together, or none when it throws', async (t) => {
    const { storage } = await unsealedStorage(t);
    storage.batch(() => {
      for (let i = 0; i < 100; i++) storage.put(`core/batch/${i}`, Buffer.from(String(i)));
    });
    assert.equal(storage.list('core/batch/').length, 100);
    assert.throws(() =>
      storage.batch(() => {
        storage.put('core/batch/extra', Buffer.from('x'));
        throw new Error('abandon');
      }),
    );
    assert.equal(storage.get('core/batch/extra'), undefined);
  });
});
