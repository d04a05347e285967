/**
 * The audit log's table comes from the storage migrations and its connection from storage: a fresh
 * file gets the table, a file from a build that created it outside the migrations keeps its rows,
 * and the connection has the barrier's durability pragmas.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../../electron/storage/database';
import { StorageError } from '../../../electron/storage/errors';
import { Storage } from '../../../electron/storage/storage';
import { FAST_KDF, tempDataDir } from './helpers';

const versions = (db: Database.Database) =>
  db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();

describe('the audit connection', () => {
  it('opens the migrated audit_log table with WAL and synchronous=NORMAL (the barrier keeps FULL)', (t) => {
    const storage = Storage.open({ dataDir: tempDataDir(t), kdf: FAST_KDF });
    t.after(() => storage.close());
    const db = storage.openAuditConnection();
    t.after(() => db.close());
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('synchronous', { simple: true }), 1, 'synchronous=NORMAL is 1');
    assert.deepEqual(versions(db), [1, 2, 3]);
    const columns = db.prepare("SELECT name FROM pragma_table_info('audit_log') ORDER BY cid").pluck().all();
    assert.deepEqual(columns.slice(0, 3), ['seq', 'time', 'kind']);
    assert.equal(columns.at(-1), 'accessor', "migration 3: the caller token's accessor");
  });

  it('keeps the rows of an audit_log created before it was a migration', (t) => {
    const dataDir = tempDataDir(t);
    mkdirSync(dataDir, { recursive: true });
    // What a build from before migration 2 left: schema 1 and the table the audit log made itself.
    const old = new Database(join(dataDir, DATABASE_FILE));
    old.exec(`
      CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
      INSERT INTO schema_migrations VALUES (1, 'entries and meta', '2026-01-01T00:00:00.000Z');
      CREATE TABLE entries (path TEXT NOT NULL PRIMARY KEY, value BLOB NOT NULL);
      CREATE TABLE meta (name TEXT NOT NULL PRIMARY KEY, value BLOB NOT NULL);
      CREATE TABLE audit_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, kind TEXT NOT NULL,
        request_id TEXT NOT NULL, operation TEXT NOT NULL, mount_path TEXT, mount_type TEXT, path TEXT NOT NULL,
        body TEXT NOT NULL, error_code TEXT, error_message TEXT, duration_ms REAL);
      INSERT INTO audit_log (time, kind, request_id, operation, path, body)
        VALUES ('2026-01-01T00:00:00.000Z', 'request', 'r1', 'read', 'secret/a', 'null');`);
    old.close();

    const storage = Storage.open({ dataDir, kdf: FAST_KDF });
    t.after(() => storage.close());
    const db = storage.openAuditConnection();
    t.after(() => db.close());
    assert.deepEqual(versions(db), [1, 2, 3]);
    assert.deepEqual(db.prepare('SELECT request_id, accessor FROM audit_log').all(), [{ request_id: 'r1', accessor: null }]);
  });

  it('is refused once storage is closed', (t) => {
    const storage = Storage.open({ dataDir: tempDataDir(t), kdf: FAST_KDF });
    storage.close();
    assert.throws(() => storage.openAuditConnection(), (e: unknown) => e instanceof StorageError && e.code === 'closed');
  });
});
