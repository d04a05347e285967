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

/**
 * A storage the host's callback thread can open by itself (see `grpc/callback-thread.ts`): the
 * thread imports `moduleUrl`, calls its `openOffThreadStore(store)` once per distinct `store.id`,
 * and serves the mount through `view(scope)` — the same key rules, errors and durability as the
 * port on the main thread, over the implementation's own connection.
 */
export interface OffThreadStorage {
  moduleUrl: string;
  /** Structured-cloneable (SharedArrayBuffers are shared, not copied). */
  store: { id: string };
  scope: string;
}

/** What `openOffThreadStore` returns inside the callback thread. */
export interface OffThreadStore {
  view(scope: string): StoragePort;
  close(): void;
}

/** A port that can also be served off the main thread. */
export interface OffThreadCapable {
  offThread(): OffThreadStorage | undefined;
}

export function offThreadStorageOf(port: StoragePort): OffThreadStorage | undefined {
  const capable = port as Partial<OffThreadCapable>;
  return typeof capable.offThread === 'function' ? capable.offThread() : undefined;
}
