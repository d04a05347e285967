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
  /** Setup is over: writes go through from now on. */
  allowWrites(): void;
}

export function readOnlyDuringSetup(storage: StoragePort): SetupGuardedStorage {
  let writable = false;
  const refuse = () => Promise.reject(new Error(SETUP_READ_ONLY_MESSAGE));
  return {
    port: {
      list: (prefix) => storage.list(prefix),
      get: (key) => storage.get(key),
      put: (entry) => (writable ? storage.put(entry) : refuse()),
      delete: (key) => (writable ? storage.delete(key) : refuse()),
    },
    allowWrites() {
      writable = true;
    },
  };
}
