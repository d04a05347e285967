import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DATABASE_FILE } from '../../../electron/storage/database';
import { MOUNT_A, PASSPHRASE, unsealedStorage } from './helpers';

const databaseFiles = (dataDir: string) =>
  [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`].map((f) => join(dataDir, f));

/** Which of the database files contain `needle` (as UTF-8 or UTF-16LE bytes). */
function filesContaining(dataDir: string, needle: string): string[] {
  return databaseFiles(dataDir).filter((file) => {
    if (!existsSync(file)) return false;
    const bytes = readFileSync(file);
    return bytes.includes(Buffer.from(needle, 'utf8')) || bytes.includes(Buffer.from(needle, 'utf16le'));
  });
}

describe('data at rest', () => {
  it('the data directory is 0700 and the database, WAL and SHM files are 0600', async (t) => {
    const { storage, dataDir } = await unsealedStorage(t);
    storage.put('core/x', Buffer.from('x'));
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    for (const file of databaseFiles(dataDir)) {
      assert.ok(existsSync(file), file);
      assert.equal(statSync(file).mode & 0o777, 0o600, file);
    }
  });

  it('a written secret value is found in none of the database, WAL or SHM files', async (t) => {
    const { storage, dataDir } = await unsealedStorage(t);
    const secret = `SECRET-${randomBytes(16).toString('hex')}`;
    const view = storage.mountView(MOUNT_A);
    await view.put({ key: 'creds/db', value: Buffer.from(secret), sealWrap: false });
    storage.put('core/config', Buffer.from(JSON.stringify({ token: secret })));
    const control = 'creds/db'; // paths are stored in plain text: proves the search sees the WAL
    assert.ok(filesContaining(dataDir, control).some((f) => f.endsWith('-wal')), 'the write is in the WAL');
    assert.deepEqual(filesContaining(dataDir, secret), [], 'before checkpoint');
    assert.deepEqual(filesContaining(dataDir, PASSPHRASE), [], 'the passphrase is never stored');

    storage.checkpoint();
    assert.ok(filesContaining(dataDir, control).some((f) => f.endsWith(DATABASE_FILE)), 'checkpointed');
    assert.deepEqual(filesContaining(dataDir, secret), [], 'after checkpoint');

    storage.close();
    assert.deepEqual(filesContaining(dataDir, secret), [], 'after close');
  });
});
