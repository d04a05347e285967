/**
 * One mount's storage, as the plugin host serves it to the plugin: every key is checked against
 * Vault's rules (`storage-key.ts`) and then prefixed with `logical/<mount-uuid>/`, never normalised,
 * so whatever a plugin sends stays inside its mount. A key that merely looks like another mount's
 * prefix (`logical/<other>/x`, `/logical/<other>/x`) is just a key inside this one.
 *
 * Mounts keep their uuid when moved to another path, so a move needs no data move.
 */
import type { OffThreadStorage, StorageEntry, StoragePort } from '../../plugin-host';
import type { Barrier } from './barrier';
import { StorageError } from './errors';
import { keyProblem, prefixProblem, type KeyRule } from './storage-key';

const MOUNT_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class MountStorageView implements StoragePort {
  /** `logical/<mount-uuid>/`: every key of this mount starts with it. */
  readonly prefix: string;

  constructor(
    private readonly barrier: Barrier,
    readonly mountUuid: string,
    /** How the callback thread opens the same store (absent for the thread's own views). */
    private readonly offThreadSource?: Omit<OffThreadStorage, 'scope'>,
  ) {
    if (!MOUNT_UUID.test(mountUuid)) {
      throw new StorageError('invalid_key', `Mount uuid ${JSON.stringify(mountUuid)} is not a lowercase UUID.`);
    }
    this.prefix = `logical/${mountUuid}/`;
  }

  // Each call is traced by the plugin host (plugin-host/vault/request-trace), per request.
  async list(prefix: string): Promise<string[]> {
    refuse(prefix, prefixProblem(prefix));
    return this.barrier.list(this.prefix + prefix);
  }

  async get(key: string): Promise<StorageEntry | undefined> {
    refuse(key, keyProblem(key));
    const value = this.barrier.get(this.prefix + key);
    // Like Vault's barrier, reads do not report seal-wrap: every value is encrypted at rest anyway.
    return value === undefined ? undefined : { key, value, sealWrap: false };
  }

  async put(entry: StorageEntry): Promise<void> {
    refuse(entry.key, keyProblem(entry.key));
    this.barrier.put(this.prefix + entry.key, entry.value);
  }

  async delete(key: string): Promise<void> {
    refuse(key, keyProblem(key));
    this.barrier.delete(this.prefix + key);
  }

  /** The same view, served from plugin-host's callback thread with its own connection. */
  offThread(): OffThreadStorage | undefined {
    return this.offThreadSource === undefined ? undefined : { ...this.offThreadSource, scope: this.mountUuid };
  }

  /** Removes all of this mount's data (after the mount is disabled); returns how many entries. */
  deleteAll(): number {
    return this.barrier.deletePrefix(this.prefix);
  }
}

function refuse(key: string, problem: KeyRule | undefined): void {
  if (problem === undefined) return;
  throw new StorageError(
    'invalid_storage_key',
    `Storage key ${JSON.stringify(key)} was refused: it ${problem.problem}, and ${problem.why}. ` +
      'Nothing was read or written; the plugin must use a key without it.',
    { key, rule: problem.rule },
  );
}
