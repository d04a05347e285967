/**
 * The persisted mount table: one record in the barrier (`core/mounts`), rewritten whole on every
 * change, so a change is one atomic, synced write. Entries are keyed by uuid: the uuid names the
 * mount's storage (`logical/<uuid>/`), so a move only changes `path`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Storage } from '../../storage';
import { CoreError } from '../core-errors';

export interface MountEntry {
  uuid: string;
  accessor: string;
  /** Normalised, trailing `/`; an auth method's is its router path, `auth/<path>/`. */
  path: string;
  /** A secrets engine, or an auth method (`sys/auth`, served under `auth/`). Kept in one table, one supervisor. */
  pluginType: 'secret' | 'auth';
  pluginName: string;
  /** '' = the newest registered version. */
  pluginVersion: string;
  description: string;
  /** Seconds; 0 = system default. */
  defaultLeaseTtl: number;
  maxLeaseTtl: number;
  /** Seconds per request to the plugin; 0 or absent (mounts from before it existed) = the default. */
  requestTimeout?: number;
  options: Record<string, string>;
  createdAt: string;
}

const TABLE_KEY = 'core/mounts';

interface StoredTable {
  format: 1;
  mounts: MountEntry[];
}

export class MountTable {
  private readonly byUuid = new Map<string, MountEntry>();

  constructor(private readonly storage: Storage) {
    const raw = storage.get(TABLE_KEY);
    if (raw === undefined) return;
    const table = JSON.parse(raw.toString('utf8')) as StoredTable;
    for (const entry of table.mounts) this.byUuid.set(entry.uuid, entry);
  }

  static newEntry(fields: Omit<MountEntry, 'uuid' | 'accessor' | 'createdAt'>): MountEntry {
    return {
      ...fields,
      uuid: randomUUID(),
      // Vault's accessors: `kv_1a2b3c4d` for an engine, `auth_jwt_1a2b3c4d` for an auth method.
      accessor: `${fields.pluginType === 'auth' ? 'auth_' : ''}${fields.pluginName.replace(/[^A-Za-z0-9]/g, '_').slice(0, 32)}_${randomBytes(4).toString('hex')}`,
      createdAt: new Date().toISOString(),
    };
  }

  list(): MountEntry[] {
    return [...this.byUuid.values()].sort((a, b) => a.path.localeCompare(b.path));
  }

  /** Path → entry, for routing. */
  byPath(): Map<string, MountEntry> {
    return new Map(this.list().map((entry) => [entry.path, entry]));
  }

  get(uuid: string): MountEntry | undefined {
    return this.byUuid.get(uuid);
  }

  find(path: string): MountEntry | undefined {
    return this.list().find((entry) => entry.path === path);
  }

  require(path: string): MountEntry {
    const entry = this.find(path);
    if (entry === undefined) {
      throw new CoreError('mount_not_found', `Nothing is mounted at "${path}". List the mounts to see their paths.`, { path });
    }
    return entry;
  }

  /** Adds or replaces (by uuid) and persists. */
  save(entry: MountEntry): void {
    const next = new Map(this.byUuid);
    next.set(entry.uuid, entry);
    this.persist(next);
  }

  remove(uuid: string): void {
    const next = new Map(this.byUuid);
    next.delete(uuid);
    this.persist(next);
  }

  private persist(next: Map<string, MountEntry>): void {
    const table: StoredTable = { format: 1, mounts: [...next.values()] };
    this.storage.put(TABLE_KEY, Buffer.from(JSON.stringify(table)));
    this.byUuid.clear();
    for (const [uuid, entry] of next) this.byUuid.set(uuid, entry);
  }
}
