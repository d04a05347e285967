import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../../electron/storage/database';
import { Storage } from '../../../electron/storage/storage';
import { ackedValue, FAST_KDF, MOUNT_A, PASSPHRASE, tempDataDir } from './helpers';

const CHILD = fileURLToPath(new URL('./acknowledged-writes.child.ts', import.meta.url));
const TOTAL_WRITES = 1000;

/** Runs the writer child and SIGKILLs it once `killAfter` writes were acknowledged. */
async function writeUntilKilled(dataDir: string, killAfter: number): Promise<{ acked: string[]; signal: string | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, String(TOTAL_WRITES)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acked: string[] = [];
  const exited = new Promise<string | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  for await (const line of createInterface({ input: child.stdout })) {
    if (line === 'ready') continue;
    acked.push(line);
    if (acked.length === killAfter) child.kill('SIGKILL');
  }
  return { acked, signal: await exited };
}

describe('durability', () => {
  it('kill -9 during 1,000 writes: every acknowledged write is present and decrypts', { timeout: 120_000 }, async (t) => {
    const dataDir = tempDataDir(t);
    const setup = Storage.open({ dataDir, kdf: FAST_KDF });
    await setup.init(PASSPHRASE);
    setup.close();

    const killAfter = 100 + Math.floor(Math.random() * 300);
    const { acked, signal } = await writeUntilKilled(dataDir, killAfter);
    assert.equal(signal, 'SIGKILL', 'the writer was killed, not finished');
    assert.ok(acked.length >= killAfter && acked.length < TOTAL_WRITES, `killed mid-stream (${acked.length} acked)`);

    const raw = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
    raw.close();

    const storage = Storage.open({ dataDir, kdf: FAST_KDF });
    t.after(() => storage.close());
    await storage.unseal(PASSPHRASE);
    const view = storage.mountView(MOUNT_A);
    for (const key of acked) {
      const entry = await view.get(key);
      assert.ok(entry !== undefined, `acknowledged write ${key} is missing`);
      assert.deepEqual(entry.value, ackedValue(key), key);
    }
    assert.ok((await view.list('acked/')).length >= acked.length);
  });
});
