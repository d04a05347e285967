/**
 * One mount's storage, as the plugin host serves it to the plugin: every key is validated and then
 * prefixed with `logical/<mount-uuid>/`, so whatever a plugin sends it stays inside its mount. A key
 * that merely looks like another mount's prefix (`logical/<other>/x`) is just a key inside this one.
 *
 * Mounts keep their uuid when moved to another path, so a move needs no data move.
 */
import type { StorageEntry, StoragePort } from '../../plugin-host/storage-port';
import type { Barrier } from './barrier';
import { isStorageError, StorageError } from './errors';
import { keyProblem, prefixProblem } from './storage-key';

export type StorageOperation = 'get' | 'put' | 'delete' | 'list';

/**
 * Called after each storage call, for the request inspector. `key` is mount-relative; `bytes` is
 * the payload that crossed the port (the value for get/put, the listed names for list, 0 for
 * delete or a missing key); `errorCode` is set when the call failed.
 */
export type StorageTrace = (
  operation: StorageOperation,
  key: string,
  bytes: number,
  durationMs: number,
  errorCode?: string,
) => void;

const MOUNT_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class MountStorageView implements StoragePort {
  /** `logical/<mount-uuid>/`: every key of this mount starts with it. */
  readonly prefix: string;

  constructor(
    private readonly barrier: Barrier,
    readonly mountUuid: string,
    private readonly trace?: StorageTrace,
  ) {
    if (!MOUNT_UUID.test(mountUuid)) {
      throw new StorageError('invalid_key', `Mount uuid ${JSON.stringify(mountUuid)} is not a lowercase UUID.`);
    }
    this.prefix = `logical/${mountUuid}/`;
  }

  async list(prefix: string): Promise<string[]> {
    return this.traced('list', prefix, () => {
      refuse(prefix, prefixProblem(prefix));
      const names = this.barrier.list(this.prefix + prefix);
      return { result: names, bytes: names.reduce((n, name) => n + Buffer.byteLength(name), 0) };
    });
  }

  async get(key: string): Promise<StorageEntry | undefined> {
    return this.traced('get', key, () => {
      refuse(key, keyProblem(key));
      const value = this.barrier.get(this.prefix + key);
      // Like Vault's barrier, reads do not report seal-wrap: every value is encrypted at rest anyway.
      const result = value === undefined ? undefined : { key, value, sealWrap: false };
      return { result, bytes: value?.length ?? 0 };
    });
  }

  async put(entry: StorageEntry): Promise<void> {
    return this.traced('put', entry.key, () => {
      refuse(entry.key, keyProblem(entry.key));
      this.barrier.put(this.prefix + entry.key, entry.value);
      return { result: undefined, bytes: entry.value.length };
    });
  }

  async delete(key: string): Promise<void> {
    return this.traced('delete', key, () => {
      refuse(key, keyProblem(key));
      this.barrier.delete(this.prefix + key);
      return { result: undefined, bytes: 0 };
    });
  }

  /** Removes all of this mount's data (after the mount is disabled); returns how many entries. */
  deleteAll(): number {
    return this.barrier.deletePrefix(this.prefix);
  }

  private traced<T>(operation: StorageOperation, key: string, call: () => { result: T; bytes: number }): T {
    const started = performance.now();
    try {
      const { result, bytes } = call();
      this.trace?.(operation, key, bytes, performance.now() - started);
      return result;
    } catch (error) {
      const code = isStorageError(error) ? error.code : 'storage_error';
      this.trace?.(operation, key, 0, performance.now() - started, code);
      throw error;
    }
  }
}

function refuse(key: string, problem: string | undefined): void {
  if (problem === undefined) return;
  throw new StorageError(
    'storage_key_outside_mount',
    `Storage key ${JSON.stringify(key)} ${problem}. Keys are relative to the mount: "/"-separated ` +
      'names without empty, "." or ".." segments, backslashes or control characters.',
    { key },
  );
}
