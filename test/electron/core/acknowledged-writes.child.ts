/**
 * Child process for the kill -9 test: unseals the data directory given in argv, then writes
 * `secret/k<i>` through the real router, printing `ack <i>` only after each write returned.
 * Prints `plugin <pid>` first so the parent can clean the orphaned plugin up.
 */
import { createAppServices } from '../../../electron/core/app-services';
import { PASSPHRASE, TEST_KDF } from './core-helpers';

const [dataDir, countText] = process.argv.slice(2);
const services = await createAppServices({ dataDir: dataDir as string, mode: 'headless', kdf: TEST_KDF });
const unseal = await services.dispatch('seal.unseal', { passphrase: PASSPHRASE });
if (!unseal.ok) throw new Error(unseal.error.message);
const first = await services.dispatch('requests.handle', { path: 'secret/k-warmup', operation: 'write', data: { v: 'warm' } });
if (!first.ok) throw new Error(first.error.message);
const status = await services.dispatch('plugins.status', {});
const processes = status.ok ? (status.result as { processes: Array<{ pid: number | null }> }).processes : [];
for (const p of processes) if (p.pid !== null) process.stdout.write(`plugin ${p.pid}\n`);
for (let i = 0; i < Number(countText); i++) {
  const reply = await services.dispatch('requests.handle', { path: `secret/k${i}`, operation: 'write', data: { v: `value-${i}` } });
  if (!reply.ok) throw new Error(reply.error.message);
  process.stdout.write(`ack ${i}\n`);
}
process.stdout.write('done\n');
await services.close();
