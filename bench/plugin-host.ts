/**
 * `npm run bench -- plugin-host`: the same Go plugin binary (Vault's KV engine, mounted as kv v1)
 * driven by our host and by Vault's own plugin client (the Go harness built on vault/sdk's
 * NewPluginClientV5 + go-plugin), in one run, alternating rounds. Figures: cold start (spawn →
 * first answered read), sequential read p50/p99, throughput at 16 in flight. Ratios are ours ÷ Go.
 * `ours_cpu_us_per_read`: our process's CPU per read over the throughput phase (no Go twin).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { performance } from 'node:perf_hooks';
import { ensureFixtures, fixturePath } from '../test/fixtures/plugins/fixtures';
import { startHarness, type Harness } from '../test/support/supervisor-harness';
import { Storage } from '../electron/storage';

const run$ = promisify(execFile);
const SEQUENTIAL = Number(process.env.BENCH_REQUESTS ?? 3000);
const CONCURRENT_TOTAL = Number(process.env.BENCH_CONCURRENT_REQUESTS ?? 6000);
const CONCURRENCY = 16;
const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/**
 * `sqlite`: our mounts get views of a real encrypted store instead of memory storage, so the
 * callback thread (`STRONGROOM_CALLBACK_THREAD=1`) can serve them; the Go harness keeps its own.
 */
const SQLITE_STORAGE = process.env.BENCH_PLUGIN_HOST_STORAGE === 'sqlite';

/** The store behind `mountKv` in sqlite mode (one per run of ourFigures). */
let store: { storage: Storage; dir: string } | undefined;

function mountKv(harness: Harness, mountPath: string): { id: string } {
  if (store === undefined) return harness.mount({ pluginName: 'kv', path: mountPath, options: { version: '1' } });
  const id = randomUUID();
  harness.supervisor.addMount({ id, path: mountPath, pluginType: 'secret', pluginName: 'kv', options: { version: '1' }, storage: store.storage.mountView(id) });
  return { id };
}

async function openStore(): Promise<void> {
  if (!SQLITE_STORAGE) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-bench-ph-'));
  const storage = Storage.open({ dataDir: dir, kdf: { N: 2 ** 14, r: 8, p: 1 } });
  await storage.init('bench plugin-host passphrase');
  store = { storage, dir };
}

function closeStore(): void {
  if (store === undefined) return;
  store.storage.close();
  fs.rmSync(store.dir, { recursive: true, force: true });
  store = undefined;
}

interface Figures {
  cold_start_ms: number;
  p50_us: number;
  p99_us: number;
  throughput_rps: number;
  /** Ours only: this process's CPU (all threads) per read over the throughput phase. */
  cpu_us_per_read?: number;
}

const median = (values: number[]) => percentile(values, 50);
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function goFigures(): Promise<Figures> {
  const { stdout } = await run$(
    fixturePath('strongroom-go-harness'),
    [
      'bench', '--plugin', fixturePath('vault-plugin-secrets-kv'), '--option', 'version=1',
      '--requests', String(SEQUENTIAL), '--concurrency', String(CONCURRENCY), '--cold-starts', String(COLD_STARTS),
      '--write-path', 'foo', '--write-data', '{"value":"bar"}', '--read-path', 'foo',
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Figures;
}

const read = { operation: 'read', path: 'foo', data: {} } as const;

async function coldStartMs(harness: Harness): Promise<number> {
  const { id } = mountKv(harness, `cold-${Math.random()}/`);
  const started = performance.now();
  await harness.supervisor.request(id, read);
  const elapsed = performance.now() - started;
  await harness.supervisor.removeMount(id);
  return elapsed;
}

async function ourFigures(): Promise<Figures> {
  // Protocol 4 only would force one process per mount; [4, 5] lets every cold start be a fresh
  // process anyway because each mount is removed (and its process stopped) before the next.
  const harness = await startHarness([{ name: 'kv', fixture: 'vault-plugin-secrets-kv' }]);
  await openStore();
  try {
    const colds: number[] = [];
    for (let i = 0; i < COLD_STARTS; i += 1) colds.push(await coldStartMs(harness));

    const { id } = mountKv(harness, 'kv/');
    await harness.supervisor.request(id, { operation: 'update', path: 'foo', data: { value: 'bar' } });
    for (let i = 0; i < 500; i += 1) await harness.supervisor.request(id, read); // warm-up (JIT)

    const latencies: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i += 1) {
      const t = performance.now();
      await harness.supervisor.request(id, read);
      latencies.push((performance.now() - t) * 1000);
    }

    let remaining = CONCURRENT_TOTAL;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (remaining > 0) {
          remaining -= 1;
          await harness.supervisor.request(id, read);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    return {
      cpu_us_per_read: (cpu.user + cpu.system) / CONCURRENT_TOTAL,
      cold_start_ms: median(colds),
      p50_us: percentile(latencies, 50),
      p99_us: percentile(latencies, 99),
      throughput_rps: CONCURRENT_TOTAL / seconds,
    };
  } finally {
    await harness.supervisor.stop();
    closeStore();
  }
}

export async function run(): Promise<Record<string, number>> {
  await ensureFixtures({ names: ['vault-plugin-secrets-kv', 'strongroom-go-harness'] });
  const ours: Figures[] = [];
  const go: Figures[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    go.push(await goFigures());
    ours.push(await ourFigures());
  }
  const pick = (list: Figures[], key: keyof Figures) => median(list.map((f) => f[key] ?? NaN));
  const round2 = (n: number) => Math.round(n * 100) / 100;
  const figures = {
    ours_cold_start_ms: pick(ours, 'cold_start_ms'),
    go_cold_start_ms: pick(go, 'cold_start_ms'),
    ours_p50_us: pick(ours, 'p50_us'),
    go_p50_us: pick(go, 'p50_us'),
    ours_p99_us: pick(ours, 'p99_us'),
    go_p99_us: pick(go, 'p99_us'),
    ours_throughput_rps: pick(ours, 'throughput_rps'),
    go_throughput_rps: pick(go, 'throughput_rps'),
    // Not a ratio: the Go harness reports no CPU. For A/B runs of our host, less noisy than rps.
    ours_cpu_us_per_read: pick(ours, 'cpu_us_per_read'),
  };
  return {
    cold_start_ratio: round2(figures.ours_cold_start_ms / figures.go_cold_start_ms),
    p50_ratio: round2(figures.ours_p50_us / figures.go_p50_us),
    p99_ratio: round2(figures.ours_p99_us / figures.go_p99_us),
    throughput_ratio: round2(figures.ours_throughput_rps / figures.go_throughput_rps),
    ...Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, round2(v)])),
    rounds: ROUNDS,
  };
}

if (process.argv[1]?.endsWith('plugin-host.ts')) console.log(JSON.stringify(await run()));
