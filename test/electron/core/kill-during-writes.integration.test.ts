/**
 * `kill -9` of the core process in the middle of 1,000 writes through the real router and plugin:
 * the database must open afterwards and hold every write that was acknowledged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { readdirSync } from 'node:fs';
import { pluginSocketRoot } from '../../../electron/core/plugins/socket-root';
import { call, openServices, PASSPHRASE, removeDir, servicesWithKv } from './core-helpers';
import { processAlive } from '../../support/processes';


const CHILD = fileURLToPath(new URL('./acknowledged-writes.child.ts', import.meta.url));
const WRITES = 1000;
const KILL_AFTER = 250;

test('every acknowledged write survives kill -9 of the core, and the orphaned plugin is reaped on restart', { timeout: 180_000 }, async () => {
  const { services, dataDir } = await servicesWithKv({ version: '1' });
  await services.close();
  const acked: number[] = [];
  const pluginPids: number[] = [];
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, String(WRITES)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    for await (const line of createInterface({ input: child.stdout })) {
      const [word, value] = line.split(' ');
      if (word === 'plugin') pluginPids.push(Number(value));
      if (word === 'ack') acked.push(Number(value));
      if (acked.length === KILL_AFTER) {
        child.kill('SIGKILL');
        break;
      }
    }
    assert.equal(await exited, 'SIGKILL', 'the core was killed mid-run');
    // A SIGKILLed host runs no exit hook, and Go plugins don't notice their parent is gone.
    assert.ok(pluginPids.length > 0 && pluginPids.every(processAlive), 'the plugin outlived the killed core');

    const reopened = await openServices(dataDir);
    try {
      await call(reopened, 'seal.unseal', { passphrase: PASSPHRASE });
      const first = await call(reopened, 'requests.handle', { path: 'secret/k-warmup', operation: 'read' });
      assert.deepEqual(first.data, { v: 'warm' });
      // The restarted core reaped the orphan before starting its own plugin, and left one socket dir.
      assert.deepEqual(pluginPids.filter(processAlive), [], 'orphaned plugins were reaped');
      assert.equal(readdirSync(pluginSocketRoot(dataDir)).length, 1, 'stale socket dirs were removed');
      for (const i of acked) {
        const read = await call(reopened, 'requests.handle', { path: `secret/k${i}`, operation: 'read' });
        assert.deepEqual(read.data, { v: `value-${i}` }, `acknowledged write ${i}`);
      }
      const listed = await call(reopened, 'requests.handle', { path: 'secret/', operation: 'list' });
      assert.ok((listed.data as { keys: string[] }).keys.length >= acked.length);
    } finally {
      await reopened.close();
    }
  } finally {
    removeDir(dataDir);
  }
});
