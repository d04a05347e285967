/**
 * Storage bench: the encrypted storage (barrier, unsealed) against raw better-sqlite3 with the same
 * schema and the same pragmas (WAL, synchronous=FULL), on the same 100,000 keys and values, in one run.
 *   get_ratio, put_ratio, batch_put_ratio: our throughput ÷ raw throughput (targets ≥ 0.5, ≥ 0.3)
 *   list_10k_ms: LIST through a mount view of a folder holding 10,000 keys (and one 40,000-key
 *   sub-folder) among 100,000 (target < 50 ms)
 *   aead: which AES-256-GCM implementation the barrier used (see electron/storage/aes-gcm.ts), and
 *   open_128b_ns_*: what one open of a 128-byte value costs with each implementation
 * Each measurement alternates ours and raw over several rounds and keeps each side's best round.
 * `tsx bench/storage.ts` runs it alone and prints the JSON last.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { AeadKey, aesGcmImplementation, BOX_OVERHEAD } from '../electron/storage/aes-gcm';
import { configureConnection, DATABASE_FILE, migrate } from '../electron/storage/database';
import { Storage } from '../electron/storage';

const MOUNT = '0b7c6f0e-5a0d-4f7e-9d1c-2b8a7f3e4d51';
const VALUE_BYTES = 128;
const ROUNDS = 5;
const GETS_PER_ROUND = 50_000;
const PUTS_PER_ROUND = 1_000;
const BATCH_SIZE = 10_000;

/** 100,000 mount-relative keys: `data/` has 10,000 direct keys and a 40,000-key `archive/`. */
function datasetKeys(): string[] {
  const keys: string[] = [];
  for (let i = 0; i < 10_000; i++) keys.push(`data/key-${String(i).padStart(5, '0')}`);
  for (let i = 0; i < 40_000; i++) keys.push(`data/archive/key-${String(i).padStart(5, '0')}`);
  for (let f = 0; f < 5; f++) for (let i = 0; i < 10_000; i++) keys.push(`other-${f}/key-${String(i).padStart(5, '0')}`);
  return keys;
}

/** A fixed pseudo-random walk over the keys, so both sides read the same sequence. */
function sample(keys: string[], count: number, seed: number): string[] {
  let x = seed >>> 0;
  return Array.from({ length: count }, () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0; // 32-bit LCG (Numerical Recipes)
    return keys[x % keys.length]!;
  });
}

function opsPerSecond(count: number, fn: () => void): number {
  const started = performance.now();
  fn();
  return count / ((performance.now() - started) / 1000);
}

/** Best ops/s of each side over ROUNDS alternating rounds. */
function compare(count: number, ours: (round: number) => void, raw: (round: number) => void): [number, number] {
  let best: [number, number] = [0, 0];
  for (let round = 0; round < ROUNDS; round++) {
    const o = opsPerSecond(count, () => ours(round));
    const r = opsPerSecond(count, () => raw(round));
    best = [Math.max(best[0], o), Math.max(best[1], r)];
  }
  return best;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Nanoseconds per open of a 128-byte value with one implementation (best of ROUNDS). */
function openNanoseconds(use: 'native' | 'node:crypto'): number {
  const key = new AeadKey(randomBytes(32), use);
  const aad = Buffer.from('logical/0b7c6f0e-5a0d-4f7e-9d1c-2b8a7f3e4d51/data/key-00001');
  const box = Buffer.alloc(BOX_OVERHEAD + VALUE_BYTES);
  key.sealInto(randomBytes(VALUE_BYTES), aad, box, 0);
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    for (let i = 0; i < GETS_PER_ROUND; i++) key.open(box, 0, aad);
    best = Math.min(best, ((performance.now() - started) * 1e6) / GETS_PER_ROUND);
  }
  key.destroy();
  return Math.round(best);
}

export async function run(): Promise<Record<string, number | string>> {
  const root = mkdtempSync(join(tmpdir(), 'strongroom-bench-storage-'));
  const storage = Storage.open({ dataDir: join(root, 'ours') });
  mkdirSync(join(root, 'raw'), { mode: 0o700 });
  const raw = new Database(join(root, 'raw', DATABASE_FILE));
  try {
    configureConnection(raw);
    migrate(raw);
    const rawGet = raw.prepare<[string], Buffer>('SELECT value FROM entries WHERE path = ?').pluck();
    const rawPut = raw.prepare<[string, Uint8Array]>(
      'INSERT INTO entries (path, value) VALUES (?, ?) ON CONFLICT (path) DO UPDATE SET value = excluded.value',
    );
    await storage.init(`bench passphrase ${randomBytes(8).toString('hex')}`);
    const view = storage.mountView(MOUNT);
    const prefix = view.prefix;

    const keys = datasetKeys();
    const values = new Map(keys.map((k) => [k, randomBytes(VALUE_BYTES)]));
    const loadStarted = performance.now();
    for (let i = 0; i < keys.length; i += BATCH_SIZE) {
      storage.batch(() => {
        for (const k of keys.slice(i, i + BATCH_SIZE)) storage.put(prefix + k, values.get(k)!);
      });
    }
    const loadMs = performance.now() - loadStarted;
    raw.transaction(() => {
      for (const k of keys) rawPut.run(prefix + k, values.get(k)!);
    })();
    // Both files start the read rounds in the same state: everything checkpointed out of the WAL.
    storage.checkpoint();
    raw.pragma('wal_checkpoint(TRUNCATE)');

    const reads = sample(keys, GETS_PER_ROUND, 7).map((k) => prefix + k);
    const [getOps, rawGetOps] = compare(
      GETS_PER_ROUND,
      () => reads.forEach((p) => storage.get(p)),
      () => reads.forEach((p) => rawGet.get(p)),
    );

    const viewReads = sample(keys, GETS_PER_ROUND, 11);
    const viewStarted = performance.now();
    for (const k of viewReads) await view.get(k);
    const viewGetOps = GETS_PER_ROUND / ((performance.now() - viewStarted) / 1000);

    // Each put writes a fresh value: SQLite skips the write (and the sync) of an unchanged row,
    // which would flatter the raw side. Each single put is its own transaction and commit.
    const workload = (count: number, seed: number) =>
      Array.from({ length: ROUNDS }, (_, round) =>
        sample(keys, count, seed + round).map((k) => [prefix + k, randomBytes(VALUE_BYTES)] as const),
      );
    const puts = workload(PUTS_PER_ROUND, 100);
    const [putOps, rawPutOps] = compare(
      PUTS_PER_ROUND,
      (round) => puts[round]!.forEach(([p, v]) => storage.put(p, v)),
      (round) => puts[round]!.forEach(([p, v]) => rawPut.run(p, v)),
    );

    const batches = workload(BATCH_SIZE, 200);
    const [batchPutOps, rawBatchPutOps] = compare(
      BATCH_SIZE,
      (round) => storage.batch(() => batches[round]!.forEach(([p, v]) => storage.put(p, v))),
      (round) => raw.transaction(() => batches[round]!.forEach(([p, v]) => rawPut.run(p, v)))(),
    );

    const listTimes: number[] = [];
    let listed = 0;
    for (let i = 0; i < 7; i++) {
      const started = performance.now();
      listed = (await view.list('data/')).length;
      listTimes.push(performance.now() - started);
    }
    if (listed !== 10_001) throw new Error(`LIST data/ returned ${listed} names, expected 10,000 keys + archive/`);
    listTimes.sort((a, b) => a - b);

    const nativeOpenNs = aesGcmImplementation.name === 'native' ? openNanoseconds('native') : undefined;
    const nodeOpenNs = openNanoseconds('node:crypto');

    return {
      aead: aesGcmImplementation.name,
      entries: keys.length,
      value_bytes: VALUE_BYTES,
      get_ratio: round2(getOps / rawGetOps),
      put_ratio: round2(putOps / rawPutOps),
      batch_put_ratio: round2(batchPutOps / rawBatchPutOps),
      list_10k_ms: round2(listTimes[Math.floor(listTimes.length / 2)]!),
      get_ops: Math.round(getOps),
      raw_get_ops: Math.round(rawGetOps),
      view_get_ops: Math.round(viewGetOps),
      put_ops: Math.round(putOps),
      raw_put_ops: Math.round(rawPutOps),
      batch_put_ops: Math.round(batchPutOps),
      raw_batch_put_ops: Math.round(rawBatchPutOps),
      load_100k_ms: Math.round(loadMs),
      ...(nativeOpenNs === undefined ? {} : { open_128b_ns_native: nativeOpenNs }),
      open_128b_ns_node_crypto: nodeOpenNs,
    };
  } finally {
    storage.close();
    raw.close();
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await run()));
}
