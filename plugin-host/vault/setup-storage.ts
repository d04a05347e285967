/**
 * Vault's storage view is read-only while a backend runs Setup (writes answer
 * `cannot write to storage during setup`, the SDK's ErrSetupReadOnly text) and writable from
 * Initialize on. A plugin that writes during Setup fails here the way it would in Vault.
 */
import type { StoragePort } from '../storage-port';

/** The message of Vault's logical.ErrSetupReadOnly, which plugins may compare against. */
export const SETUP_READ_ONLY_MESSAGE = 'cannot write to storage during setup';

export interface SetupGuardedStorage {
  port: StoragePort;
  /** 0 during Setup, 1 after; shared with the callback thread when it serves the mount. */
  writable: Int32Array;
  /** Setup is over: writes go through from now on. */
  allowWrites(): void;
}

export function readOnlyDuringSetup(storage: StoragePort): SetupGuardedStorage {
  const writable = new Int32Array(new SharedArrayBuffer(4));
  return {
    port: guardWrites(storage, writable),
    writable,
    allowWrites() {
      Atomics.store(writable, 0, 1);
    },
  };
}

/** `storage`, refusing writes while `writable[0]` is 0 (the callback thread's side of the guard). */
export function guardWrites(storage: StoragePort, writable: Int32Array): StoragePort {
  const refuse = () => Promise.reject(new Error(SETUP_READ_ONLY_MESSAGE));
  return {
    list: (prefix) => storage.list(prefix),
    get: (key) => storage.get(key),
    put: (entry) => (Atomics.load(writable, 0) === 1 ? storage.put(entry) : refuse()),
    delete: (key) => (Atomics.load(writable, 0) === 1 ? storage.delete(key) : refuse()),
  };
}
