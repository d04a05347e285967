/**
 * Child process for the kill -9 test: unseals the storage in argv[2] and writes `count` values
 * through a mount view, printing each key on stdout only after its put has returned (committed).
 * Stdout to a pipe is synchronous on Linux, so every printed key was acknowledged before the next write.
 */
import { Storage } from '../../../electron/storage/storage';
import { ackedValue, FAST_KDF, MOUNT_A, PASSPHRASE } from './helpers';

const [dataDir, count] = [process.argv[2]!, Number(process.argv[3])];
const storage = Storage.open({ dataDir, kdf: FAST_KDF });
await storage.unseal(PASSPHRASE);
const view = storage.mountView(MOUNT_A);
process.stdout.write('ready\n');
for (let i = 0; i < count; i++) {
  const key = `acked/${String(i).padStart(4, '0')}`;
  await view.put({ key, value: ackedValue(key), sealWrap: false });
  process.stdout.write(`${key}\n`);
}
storage.close();
