/**
 * Storage capture bench (issue 15.3): what the storage inspector's per-request diff costs a
 * plugin's storage calls, measured against the mount's bare storage view in the same run, on the
 * same encrypted SQLite file (WAL, synchronous=FULL), with 128-byte values over 1,000 keys.
 *   off_put_ratio, off_get_ratio: puts/gets per second through `StorageCapture.wrap` with the
 *     mount's capture off ÷ through the bare view (target ≥ 0.95: off must not slow the hot path)
 *   on_put_ratio: the same with capture on, inside a captured request (each put first reads the
 *     old value and keeps both; no target, it is opt-in)
 * Each measurement alternates the two sides over several rounds and keeps each side's best round.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoragePort } from '../plugin-host';
import { StorageCapture } from '../electron/core/storage-inspector/storage-capture';
import { Storage } from '../electron/storage';

const MOUNT = '3c1f5b9e-6a2d-4e8f-9b7c-1d2e3f4a5b6c';
const KEYS = 1_000;
const ROUNDS = 5;
const PUTS_PER_ROUND = 1_000;
const GETS_PER_ROUND = 20_000;

async function opsPerSecond(count: number, op: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) await op(i);
  return count / ((performance.now() - started) / 1000);
}

/** Best round of each side, alternating so both see the same machine. */
async function compare(count: number, ours: (i: number) => Promise<unknown>, baseline: (i: number) => Promise<unknown>): Promise<[number, number]> {
  let best = 0;
  let bestBaseline = 0;
  for (let round = 0; round < ROUNDS; round++) {
    bestBaseline = Math.max(bestBaseline, await opsPerSecond(count, baseline));
    best = Math.max(best, await opsPerSecond(count, ours));
  }
  return [best, bestBaseline];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export async function run(): Promise<Record<string, number | string>> {
  const root = mkdtempSync(join(tmpdir(), 'strongroom-bench-capture-'));
  const storage = Storage.open({ dataDir: root });
  try {
    await storage.init(`bench passphrase ${randomBytes(8).toString('hex')}`);
    const bare: StoragePort = storage.mountView(MOUNT);
    const capture = new StorageCapture();
    const wrapped = capture.wrap(MOUNT, storage.mountView(MOUNT));
    const values = Array.from({ length: KEYS }, () => randomBytes(128));
    const key = (i: number) => `data/${i % KEYS}`;
    const put = (port: StoragePort) => (i: number) => port.put({ key: key(i), value: values[i % KEYS]!, sealWrap: false });
    for (let i = 0; i < KEYS; i++) await put(bare)(i);

    const [offPut, barePut] = await compare(PUTS_PER_ROUND, put(wrapped), put(bare));
    const [offGet, bareGet] = await compare(GETS_PER_ROUND, (i) => wrapped.get(key(i)), (i) => bare.get(key(i)));
    capture.setEnabled(MOUNT, true);
    // One captured request holding every put of the round (a request in flight on the mount).
    const [onPut, barePut2] = await compare(PUTS_PER_ROUND, (i) => capture.during(MOUNT, `bench-${i}`, () => put(wrapped)(i)), put(bare));
    return {
      off_put_ratio: round2(offPut / barePut),
      off_get_ratio: round2(offGet / bareGet),
      on_put_ratio: round2(onPut / barePut2),
      bare_puts_per_s: Math.round(barePut),
      off_puts_per_s: Math.round(offPut),
      on_puts_per_s: Math.round(onPut),
      bare_gets_per_s: Math.round(bareGet),
      off_gets_per_s: Math.round(offGet),
    };
  } finally {
    storage.close();
    rmSync(root, { recursive: true, force: true });
  }
}
