/** Shared set-up for the storage tests: a fresh data directory and a fast (but real) scrypt. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KdfParams } from '../../../electron/storage/seal';
import { Storage } from '../../../electron/storage/storage';

/** The smallest parameters seal.ts accepts (16 MiB): keeps each unseal around 50 ms in tests. */
export const FAST_KDF: KdfParams = { N: 2 ** 14, r: 8, p: 1 };
export const PASSPHRASE = 'correct horse battery staple';
export const MOUNT_A = '0b7c6f0e-5a0d-4f7e-9d1c-2b8a7f3e4d51';
export const MOUNT_B = '6f1e2d3c-4b5a-4968-8776-655443322110';

/** The value acknowledged-writes.child.ts writes at `key`. */
export const ackedValue = (key: string) => Buffer.from(`value of ${key} `.repeat(8));

export function tempDataDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'strongroom-storage-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'data');
}

/** An initialised, unsealed storage in a fresh data directory, closed when the test ends. */
export async function unsealedStorage(t: { after(fn: () => void): void }): Promise<{ storage: Storage; dataDir: string }> {
  const dataDir = tempDataDir(t);
  const storage = Storage.open({ dataDir, kdf: FAST_KDF });
  t.after(() => storage.close());
  await storage.init(PASSPHRASE);
  return { storage, dataDir };
}
