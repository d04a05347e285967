/**
 * The storage a plugin sees, as the host serves it over the broker (Vault's `pb.Storage`).
 * Keys are relative to the mount: the implementation scopes them (the core's encrypted SQLite
 * view prefixes `logical/<mount-uuid>/` and refuses any key that would leave it).
 */
export interface StorageEntry {
  key: string;
  value: Uint8Array;
  sealWrap: boolean;
}

export interface StoragePort {
  /** Keys directly under `prefix`; sub-folders end with `/` (Vault semantics). */
  list(prefix: string): Promise<string[]>;
  /** `undefined` when the key does not exist. */
  get(key: string): Promise<StorageEntry | undefined>;
  put(entry: StorageEntry): Promise<void>;
  delete(key: string): Promise<void>;
}
