/**
 * The core's storage: one encrypted SQLite file in the data directory, with its seal state.
 * This is the module's entry point; see README.md for the model.
 *
 *   const storage = Storage.open({ dataDir });
 *   await storage.init(passphrase);            // first run; leaves it unsealed
 *   await storage.unseal(passphrase);          // later runs
 *   storage.put('core/mounts', bytes);         // the core's own records
 *   const view = storage.mountView(uuid); // a plugin's StoragePort
 *
 * Reads and writes are synchronous (better-sqlite3); a write has returned only after its commit
 * has been synced. Every call fails with `sealed` while sealed.
 */
import { randomUUID } from 'node:crypto';
import { Barrier } from './barrier';
import { StorageDatabase, type AuditConnection } from './database';
import { StorageError } from './errors';
import type { Keyring } from './keyring';
import { KeyringMirror } from './keyring-mirror';
import { offThreadStoreModuleUrl, type OffThreadStoreInit } from './off-thread-store';
import { MountStorageView } from './mount-view';
import { Seal, type KdfParams, type SealStatus } from './seal';
import { corePathProblem, corePrefixProblem } from './core-path';

export interface StorageOptions {
  /** Created owner-only (0700) if missing; the database file is created 0600. */
  dataDir: string;
  /** scrypt parameters for wrapping the root key from now on (default: DEFAULT_KDF, 128 MiB). */
  kdf?: KdfParams;
}

export class Storage {
  private closed = false;
  private readonly barrier: Barrier;

  private constructor(
    private readonly db: StorageDatabase,
    private readonly sealState: Seal,
    /** What plugin-host's callback thread needs to open this store itself (mount views hand it on). */
    private readonly offThreadStore: OffThreadStoreInit,
  ) {
    this.barrier = new Barrier(db, () => this.keyring());
  }

  static open(options: StorageOptions): Storage {
    const db = StorageDatabase.open(options.dataDir);
    try {
      const mirror = new KeyringMirror();
      const offThreadStore = { id: randomUUID(), dataDir: options.dataDir, keyring: mirror.buffer };
      return new Storage(db, new Seal(db, options.kdf, mirror), offThreadStore);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  status(): SealStatus {
    this.assertOpen();
    return this.sealState.status();
  }

  async init(passphrase: string): Promise<void> {
    this.assertOpen();
    await this.sealState.init(passphrase);
  }

  async unseal(passphrase: string): Promise<void> {
    this.assertOpen();
    await this.sealState.unseal(passphrase);
  }

  seal(): void {
    this.sealState.seal();
  }

  /** Starts a new key term for new writes; returns its number. */
  rotate(): number {
    this.assertOpen();
    return this.sealState.rotate();
  }

  async changePassphrase(current: string, next: string): Promise<void> {
    this.assertOpen();
    await this.sealState.changePassphrase(current, next);
  }

  get(path: string): Buffer | undefined {
    return this.barrier.get(corePath(path));
  }

  put(path: string, value: Uint8Array): void {
    this.barrier.put(corePath(path), value);
  }

  delete(path: string): void {
    this.barrier.delete(corePath(path));
  }

  /** Names directly under `prefix`; sub-folders end with `/`. */
  list(prefix: string): string[] {
    const problem = corePrefixProblem(prefix);
    if (problem !== undefined) throw invalidPath(prefix, problem);
    return this.barrier.list(prefix);
  }

  /**
   * Runs `fn` as one transaction: the writes it makes (through this storage or any mount view)
   * commit together with one sync, or not at all if it throws. `fn` must be synchronous.
   */
  batch<T>(fn: () => T): T {
    return this.barrier.batch(fn);
  }

  /** The StoragePort for one mount, scoped to `logical/<mountUuid>/`. */
  mountView(mountUuid: string): MountStorageView {
    this.assertOpen();
    return new MountStorageView(this.barrier, mountUuid, { moduleUrl: offThreadStoreModuleUrl(), store: this.offThreadStore });
  }

  /**
   * The audit log's own connection to this file (WAL, synchronous=NORMAL: see `openSecondConnection`). Its
   * table, `audit_log`, comes from the storage migrations; it holds redacted, plain-text records
   * outside the barrier, so it is readable while sealed. The caller closes it before `close()`.
   */
  openAuditConnection(): AuditConnection {
    this.assertOpen();
    return this.db.openSecondConnection();
  }

  /** Folds the WAL into the main file (e.g. before copying the data directory). */
  checkpoint(): void {
    this.assertOpen();
    this.db.checkpoint();
  }

  /** Seals and closes the database. */
  close(): void {
    if (this.closed) return;
    this.sealState.seal();
    this.closed = true;
    this.db.close();
  }

  private keyring(): Keyring {
    this.assertOpen();
    return this.sealState.keyring();
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageError('closed', 'Storage was closed; open the data directory again.');
  }
}

function corePath(path: string): string {
  const problem = corePathProblem(path);
  if (problem !== undefined) throw invalidPath(path, problem);
  return path;
}

function invalidPath(path: string, problem: string): StorageError {
  return new StorageError('invalid_key', `Storage path ${JSON.stringify(path)} ${problem}.`, { path });
}
