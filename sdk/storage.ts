/**
 * A mount's storage as handlers use it. Keys are relative to the mount (the host scopes them);
 * `list` answers the keys directly under a prefix, sub-folders with a trailing `/`.
 */
export interface StorageEntry {
  key: string;
  value: Buffer;
  /** Ask the host to seal-wrap the entry (Vault Enterprise; ignored elsewhere). */
  sealWrap?: boolean;
}

/** The four calls the host serves (Vault's `pb.Storage`). */
export interface RawStorage {
  get(key: string): Promise<StorageEntry | undefined>;
  put(entry: StorageEntry): Promise<void>;
  delete(key: string): Promise<void>;
  list(prefix: string): Promise<string[]>;
}

export interface Storage extends RawStorage {
  /** Decodes a JSON entry; undefined when the key does not exist. */
  getJSON<T>(key: string): Promise<T | undefined>;
  putJSON(key: string, value: unknown): Promise<void>;
}

export class StorageDecodeError extends Error {}

export function withJsonHelpers(raw: RawStorage): Storage {
  return {
    get: (key) => raw.get(key),
    put: (entry) => raw.put(entry),
    delete: (key) => raw.delete(key),
    list: (prefix) => raw.list(prefix),
    async getJSON<T>(key: string): Promise<T | undefined> {
      const entry = await raw.get(key);
      if (entry === undefined) return undefined;
      try {
        return JSON.parse(entry.value.toString('utf8')) as T;
      } catch (error) {
        throw new StorageDecodeError(`storage entry "${key}" is not JSON: ${(error as Error).message}`);
      }
    },
    putJSON: (key, value) => raw.put({ key, value: Buffer.from(JSON.stringify(value)) }),
  };
}

/** Storage in a Map, for unit tests of a backend without a host. */
export function memoryStorage(): Storage {
  const entries = new Map<string, StorageEntry>();
  return withJsonHelpers({
    get: async (key) => entries.get(key),
    put: async (entry) => void entries.set(entry.key, { ...entry, value: Buffer.from(entry.value) }),
    delete: async (key) => void entries.delete(key),
    list: async (prefix) => {
      const keys = new Set<string>();
      for (const key of entries.keys()) {
        if (!key.startsWith(prefix)) continue;
        const rest = key.slice(prefix.length);
        const slash = rest.indexOf('/');
        keys.add(slash === -1 ? rest : rest.slice(0, slash + 1));
      }
      return [...keys].sort();
    },
  });
}
