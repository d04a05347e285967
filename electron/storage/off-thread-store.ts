/**
 * The storage the callback thread serves to plugins (plugin-host's worker, see
 * `plugin-host/storage-port.ts` `OffThreadStorage`): the callback thread imports this module by URL
 * and opens the store once per thread. It is the same code as the main thread's — `StorageDatabase`
 * on the same file (WAL lets both connections work; SQLite serialises the writers, each waiting up
 * to the 5 s busy timeout), the barrier, `MountStorageView` with its key rules and errors — over
 * a private copy of the keyring that follows the main thread's (`keyring-mirror.ts`). A put returns
 * once committed with `synchronous=FULL`, as on the main thread.
 */
import type { OffThreadStore } from '../../plugin-host';
import { Barrier } from './barrier';
import { StorageDatabase } from './database';
import { sealedError } from './errors';
import { MirroredKeyring } from './keyring-mirror';
import { MountStorageView } from './mount-view';
import { notInitialized } from './seal';

/** What the main thread's `Storage` hands the callback thread (structured-cloneable). */
export interface OffThreadStoreInit {
  /** One per open `Storage`: mounts of the same store share one connection in the thread. */
  id: string;
  dataDir: string;
  /** `KeyringMirror.buffer`. */
  keyring: SharedArrayBuffer;
}

const SEAL_META = 'seal';

/** Called by the callback thread (by name: see `OFF_THREAD_STORE_EXPORT` in plugin-host). */
export function openOffThreadStore(init: OffThreadStoreInit): OffThreadStore {
  const db = StorageDatabase.open(init.dataDir);
  const keys = new MirroredKeyring(init.keyring);
  const barrier = new Barrier(db, () => {
    const keyring = keys.current();
    if (keyring !== undefined) return keyring;
    // The same two answers as the main thread's Seal.keyring().
    throw db.getMeta(SEAL_META) === undefined ? notInitialized() : sealedError();
  });
  return {
    view: (scope) => new MountStorageView(barrier, scope),
    close: () => {
      keys.destroy();
      db.close();
    },
  };
}

/** Where this module is, for the callback thread: the source file, or its bundle beside main.mjs. */
export function offThreadStoreModuleUrl(): string {
  const bundled = !import.meta.url.endsWith('.ts');
  return new URL(bundled ? './off-thread-store.mjs' : './off-thread-store.ts', import.meta.url).href;
}
