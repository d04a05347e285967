/**
 * The SQLite file: opening it safely (owner-only files, WAL, synchronous=FULL), the schema and its
 * migrations, and the few statements the barrier needs. Knows nothing about encryption: `entries`
 * holds opaque value blobs keyed by a plain-text path, `meta` holds records read while sealed.
 *
 * Durability: in WAL mode `synchronous=FULL` syncs the WAL on every commit, so a write that has
 * returned survives a killed process and a power cut (better-sqlite3's WAL default is NORMAL).
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { StorageError } from './errors';

export const DATABASE_FILE = 'strongroom.db';

/** A connection beside the barrier's (see `openSecondConnection`) and its statements. */
export type AuditConnection = Database.Database;
export type AuditStatement = Database.Statement;
const BUSY_TIMEOUT_MS = 5000;

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Append only: a released migration never changes. */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'entries and meta',
    sql: `
      CREATE TABLE entries (
        path  TEXT NOT NULL PRIMARY KEY,
        value BLOB NOT NULL
      );
      CREATE TABLE meta (
        name  TEXT NOT NULL PRIMARY KEY,
        value BLOB NOT NULL
      );`,
  },
  {
    // Builds before this migration created the table themselves (from the audit log), hence
    // IF NOT EXISTS: on those files it records the table they already have.
    version: 2,
    name: 'audit log',
    sql: `
      CREATE TABLE IF NOT EXISTS audit_log (
        seq           INTEGER PRIMARY KEY AUTOINCREMENT,
        time          TEXT NOT NULL,
        kind          TEXT NOT NULL,
        request_id    TEXT NOT NULL,
        operation     TEXT NOT NULL,
        mount_path    TEXT,
        mount_type    TEXT,
        path          TEXT NOT NULL,
        body          TEXT NOT NULL,
        error_code    TEXT,
        error_message TEXT,
        duration_ms   REAL
      );
      CREATE INDEX IF NOT EXISTS audit_log_path ON audit_log (path);
      CREATE INDEX IF NOT EXISTS audit_log_mount ON audit_log (mount_path, seq);
      CREATE INDEX IF NOT EXISTS audit_log_request ON audit_log (request_id);`,
  },
  {
    // The accessor of the caller's token (the Vault API's requests); never the token id.
    version: 3,
    name: 'audit log accessor',
    sql: `ALTER TABLE audit_log ADD COLUMN accessor TEXT;`,
  },
];

/** The pragmas every connection to a Strongroom database uses (also used by the bench's baseline). */
export function configureConnection(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
}

/** Brings the schema up to date; refuses a database written by a newer build. */
export function migrate(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER NOT NULL PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const current =
    (db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number | null) ?? 0;
  const known = MIGRATIONS.at(-1)?.version ?? 0;
  if (current > known) {
    throw new StorageError(
      'unsupported_schema',
      `This data directory uses storage schema ${current}, newer than this build knows (${known}). ` +
        'Update Strongroom to open it.',
      { schemaVersion: current, supportedVersion: known },
    );
  }
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  for (const m of MIGRATIONS.filter((m) => m.version > current)) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    })();
  }
}

/** The smallest string greater than every string that starts with `prefix` (byte order). */
export function prefixUpperBound(prefix: string): string | undefined {
  const chars = Array.from(prefix);
  while (chars.length > 0) {
    const last = chars.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      // Surrogate code points never appear in UTF-8, so U+D800..U+DFFF are skipped.
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return chars.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}

export class StorageDatabase {
  private readonly getValue: Database.Statement<[string], Buffer>;
  private readonly putValue: Database.Statement<[string, Uint8Array]>;
  private readonly deleteValue: Database.Statement<[string]>;
  private readonly pathsBetween: Database.Statement<[string, string], string>;
  private readonly pathsFrom: Database.Statement<[string], string>;
  private readonly deleteBetween: Database.Statement<[string, string]>;
  private readonly deleteFrom: Database.Statement<[string]>;
  private readonly getMetaValue: Database.Statement<[string], Buffer>;
  private readonly putMetaValue: Database.Statement<[string, Uint8Array]>;

  private constructor(private readonly db: Database.Database) {
    this.getValue = db.prepare<[string], Buffer>('SELECT value FROM entries WHERE path = ?').pluck();
    this.putValue = db.prepare(
      'INSERT INTO entries (path, value) VALUES (?, ?) ON CONFLICT (path) DO UPDATE SET value = excluded.value',
    );
    this.deleteValue = db.prepare('DELETE FROM entries WHERE path = ?');
    this.pathsBetween = db
      .prepare<[string, string], string>('SELECT path FROM entries WHERE path >= ? AND path < ? ORDER BY path')
      .pluck();
    this.pathsFrom = db
      .prepare<[string], string>('SELECT path FROM entries WHERE path >= ? ORDER BY path')
      .pluck();
    this.deleteBetween = db.prepare('DELETE FROM entries WHERE path >= ? AND path < ?');
    this.deleteFrom = db.prepare('DELETE FROM entries WHERE path >= ?');
    this.getMetaValue = db.prepare<[string], Buffer>('SELECT value FROM meta WHERE name = ?').pluck();
    this.putMetaValue = db.prepare(
      'INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
    );
  }

  /** Opens (creating if needed) the database in `dataDir`; the directory and files are owner-only. */
  static open(dataDir: string): StorageDatabase {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chmodSync(dataDir, 0o700);
    const file = join(dataDir, DATABASE_FILE);
    // SQLite creates its -wal and -shm files with the main file's permissions, so creating the main
    // file 0600 ourselves (instead of letting SQLite apply 0644 & ~umask) covers all three.
    closeSync(openSync(file, 'a', 0o600));
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
    const db = new Database(file);
    try {
      configureConnection(db);
      migrate(db);
      return new StorageDatabase(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  get(path: string): Buffer | undefined {
    return this.getValue.get(path);
  }

  put(path: string, value: Uint8Array): void {
    this.putValue.run(path, value);
  }

  delete(path: string): void {
    this.deleteValue.run(path);
  }

  /**
   * Names directly under `prefix`, sub-folders once each with a trailing `/`, in byte order.
   * An index range scan that jumps over each sub-folder's contents instead of reading them, so the
   * cost is one row per direct child plus one seek per sub-folder.
   */
  list(prefix: string): string[] {
    const upper = prefixUpperBound(prefix);
    const names: string[] = [];
    let from = prefix;
    scan: for (;;) {
      const rows = upper === undefined ? this.pathsFrom.iterate(from) : this.pathsBetween.iterate(from, upper);
      for (const path of rows) {
        const rest = path.slice(prefix.length);
        const slash = rest.indexOf('/');
        if (slash < 0) {
          names.push(rest);
          continue;
        }
        names.push(rest.slice(0, slash + 1));
        // '0' is the character after '/': restart just past everything inside this sub-folder
        // (leaving the for-of closes the statement's iterator).
        from = prefix + rest.slice(0, slash) + '0';
        continue scan;
      }
      return names;
    }
  }

  /** Deletes every entry whose path starts with `prefix`; returns how many were removed. */
  deletePrefix(prefix: string): number {
    const upper = prefixUpperBound(prefix);
    return (upper === undefined ? this.deleteFrom.run(prefix) : this.deleteBetween.run(prefix, upper))
      .changes;
  }

  getMeta(name: string): Buffer | undefined {
    return this.getMetaValue.get(name);
  }

  putMeta(name: string, value: Uint8Array): void {
    this.putMetaValue.run(name, value);
  }

  /**
   * Runs `fn` in one transaction (nested calls become savepoints); one commit, one sync. It takes
   * the write lock up front (BEGIN IMMEDIATE, waiting out the busy timeout): a deferred one that
   * read first could not upgrade once another connection (the callback thread's) had committed.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /**
   * A second connection to the same (already migrated) file for a writer that must not share the
   * barrier's connection: the audit log, whose appends must not join or wait on a barrier
   * transaction. The caller closes it.
   *
   * Its commits are `synchronous=NORMAL`: written to the WAL before the append returns (so an
   * entry survives the app being killed, and the request goes on only after its entry is written),
   * not fsynced one by one. That is the durability of OpenBao's file audit device (a write(2) per
   * entry, no fsync); the barrier's next commit or checkpoint syncs the entries with it. A synced
   * append cost ~4.6 ms of blocked main thread per audited request here (two per request), the
   * largest part of a KV read over the HTTP API (profiled with `node --cpu-prof`).
   */
  openSecondConnection(): AuditConnection {
    const db = new Database(this.db.name);
    try {
      configureConnection(db);
      db.pragma('synchronous = NORMAL');
      return db;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Moves the WAL's contents into the main file and truncates the WAL. */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    this.db.close();
  }
}
