/**
 * A bounded soak: a fixed number of mixed requests (writes, reads, lists) through the contract
 * across five mounts served by four plugin processes, with a plugin killed every so often. The
 * app's RSS and heap are sampled as it goes and their least-squares slope after a warm-up must
 * stay under the documented bounds; open file descriptors are counted when the app is at rest
 * after the warm-up and again after the run; every acknowledged write must read back.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ensureFixtures } from '../fixtures/plugins/fixtures';
import { ContractCallError, openReadyApp, readValue, writeCall, type AppDriver, type AppMount } from './app-driver';
import { recordFigures } from './figures';
import { sleep, tempDir } from './plugin-stack';
import { collectGarbage, openFdCount } from './proc';
import { byMode } from './run-mode';
import { leastSquaresSlope, round } from './stats';

const REQUESTS = byMode(5_000, 20_000);
const KILL_EVERY = byMode(300, 800);
const CONCURRENCY = 4;
const SAMPLE_EVERY = byMode(100, 250);
/**
 * Requests before sampling counts: JIT, first plugin starts, and SQLite's page caches (2 MiB per
 * connection) filling up as the database grows show as growth that then levels off.
 */
const WARM_UP_REQUESTS = byMode(2_000, 5_000);
/**
 * Bounds, per 1,000 requests (a leak of 1 KiB per request shows as 1,000 KiB). RSS keeps settling
 * for the first ~8,000 requests (SQLite caches, malloc arenas: bounded runs measured from -1,242 to
 * +2,635 KiB), so the bounded run's RSS bound is looser: 4 KiB a request, which a leak of one kept
 * request and answer per call crosses; the full run holds RSS to 512 KiB.
 */
const RSS_SLOPE_BOUND_KIB = byMode(4096, 512);
const HEAP_SLOPE_BOUND_KIB = byMode(512, 256);
const FD_GROWTH_BOUND = 0.5;
/**
 * Open fds are compared at rest (no request in flight, every plugin process ready), not sampled
 * under load: a sample taken while a killed plugin restarts, or while one is backing off, counts
 * sockets and pipes that come and go (two CI runs measured 57→57 and 58→58 over the run, yet
 * slopes of 0.64 and 0.91 through such samples). A leak stays after the load, so it shows here.
 */
const FD_SETTLE_TIMEOUT_MS = 60_000;
const EXPECTED_FAULT_CODES = new Set(['plugin_exited', 'plugin_backing_off']);
const LIST_PATHS = ['kv/metadata/', 'kv1/', 'custom/users/', 'kvb/'];

const root = tempDir('srsoak-');
let app: AppDriver;

before(async () => {
  await ensureFixtures({ names: ['strongroom-misbehave'], log: () => {} });
  app = await openReadyApp(path.join(root, 'data'));
  // Two more mounts, two more processes: KV under another catalog name, and misbehave's working mode.
  await app.call('plugins.register', { name: 'kv-b', command: 'vault-plugin-secrets-kv' });
  await app.call('plugins.register', { name: 'mis', command: 'strongroom-misbehave', args: ['serve'] });
  await app.call('mounts.enable', { path: 'kvb', type: 'kv-b' });
  await app.call('mounts.enable', { path: 'mis', type: 'mis' });
});

after(async () => {
  await app?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

/** kvb/ is written like kv1/ (both KV v1). */
const writeFor = (mount: AppMount | 'kvb/', key: string, value: string) =>
  mount === 'kvb/' ? { path: `kvb/${key}`, operation: 'write', data: { value } } : writeCall(mount, key, value);

/** Request n writes key `s<n>` on one of the writable mounts; its value is derived from n, so nothing grows with the run. */
const WRITABLE = ['kv/', 'kv1/', 'custom/', 'kvb/'] as const;
const mountOf = (n: number) => WRITABLE[n % WRITABLE.length]!;
const valueOf = (n: number) => `s${n}-${(n * 2_654_435_761) % 1_000_003}`;
const writeOf = (n: number) => writeFor(mountOf(n), `s${n}`, valueOf(n));
const valueIn = (n: number, data: Record<string, unknown> | null) => {
  const mount = mountOf(n);
  return mount === 'kvb/' ? data?.['value'] : readValue(mount, data);
};

test(`soak: ${REQUESTS} mixed requests over five mounts with plugin kills; RSS, heap and fds stay flat`, { timeout: 900_000 }, async () => {
  /** acked[n] = 1 once request n's write was acknowledged: a fixed-size record, so the test itself does not grow. */
  const acked = new Uint8Array(REQUESTS);
  let lastAcked = -1;
  const samples: Array<{ x: number; rss: number; heap: number; fds: number }> = [];
  const unexpected: string[] = [];
  let issued = 0;
  let done = 0;
  let kills = 0;
  let faults = 0;

  const one = async (n: number) => {
    const roll = Math.random();
    if (roll < 0.05) return app.call('requests.handle', { path: 'mis/ok', operation: 'read' });
    if (roll < 0.15) return app.call('requests.handle', { path: LIST_PATHS[n % LIST_PATHS.length], operation: 'list' }).catch(notFoundIsFine);
    if (roll < 0.5 && lastAcked >= 0) {
      const read = Math.floor(Math.random() * (lastAcked + 1));
      if (acked[read] !== 1) return;
      const result = await app.call<{ data: Record<string, unknown> | null }>('requests.handle', { path: writeOf(read).path, operation: 'read' });
      assert.equal(valueIn(read, result.data), valueOf(read), `${writeOf(read).path} reads back`);
      return;
    }
    await app.call('requests.handle', writeOf(n));
    acked[n] = 1;
    lastAcked = Math.max(lastAcked, n);
  };

  const worker = (until: number) => async () => {
    while (issued < until) {
      const n = issued++;
      if (n > 0 && n % KILL_EVERY === 0) kills += await killOnePlugin();
      try {
        await one(n);
      } catch (error) {
        if (error instanceof ContractCallError && EXPECTED_FAULT_CODES.has(error.error.code)) {
          faults += 1;
          await sleep(5);
        } else unexpected.push(String((error as Error).message));
      }
      done += 1;
      if (done % SAMPLE_EVERY === 0) {
        collectGarbage();
        const memory = process.memoryUsage();
        samples.push({ x: done, rss: memory.rss, heap: memory.heapUsed, fds: openFdCount() });
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker(WARM_UP_REQUESTS)));
  const fdsAfterWarmUp = await fdsAtRest();
  const measuredFrom = done;
  await Promise.all(Array.from({ length: CONCURRENCY }, worker(REQUESTS)));
  const seconds = (performance.now() - started) / 1000;

  let lost = 0;
  let writes = 0;
  for (let n = 0; n < REQUESTS; n++) {
    if (acked[n] !== 1) continue;
    writes += 1;
    const result = await readOutlastingBackoff(writeOf(n).path);
    if (valueIn(n, result.data) !== valueOf(n)) lost += 1;
  }
  const measured = samples.filter((sample) => sample.x >= WARM_UP_REQUESTS);
  const slope = (pick: (s: (typeof samples)[number]) => number) => leastSquaresSlope(measured.map((s) => ({ x: s.x / 1000, y: pick(s) })));
  const rssSlope = slope((s) => s.rss / 1024);
  const heapSlope = slope((s) => s.heap / 1024);
  const fdsAfterRun = await fdsAtRest();
  const fdGrowth = (fdsAfterRun - fdsAfterWarmUp) / ((done - measuredFrom) / 1000);
  const first = measured[0];
  const last = measured.at(-1);
  recordFigures(import.meta.url, {
    soak_requests: done,
    soak_acknowledged_writes: writes,
    plugin_kills: kills,
    lost_writes: lost,
    soak_faults: faults,
    soak_seconds: round(seconds),
    soak_requests_per_second: round(done / seconds, 0),
    rss_slope_kib_per_1k_requests: round(rssSlope),
    heap_slope_kib_per_1k_requests: round(heapSlope),
    fd_growth_per_1k_requests: round(fdGrowth, 3),
    fds_at_rest_before_after: `${fdsAfterWarmUp}→${fdsAfterRun}`,
    rss_mib_first_last: `${round((first?.rss ?? 0) / 2 ** 20)}→${round((last?.rss ?? 0) / 2 ** 20)}`,
    heap_mib_first_last: `${round((first?.heap ?? 0) / 2 ** 20)}→${round((last?.heap ?? 0) / 2 ** 20)}`,
    fds_sampled_first_last: `${first?.fds ?? 0}→${last?.fds ?? 0}`,
  });
  assert.deepEqual(unexpected.slice(0, 5), [], `${unexpected.length} unexpected errors`);
  assert.equal(lost, 0, `${lost} of ${writes} acknowledged writes lost`);
  assert.ok(kills >= Math.floor(REQUESTS / KILL_EVERY) - 1, `${kills} plugins were killed`);
  assert.ok(rssSlope < RSS_SLOPE_BOUND_KIB, `RSS grows ${round(rssSlope)} KiB per 1,000 requests (bound ${RSS_SLOPE_BOUND_KIB})`);
  assert.ok(heapSlope < HEAP_SLOPE_BOUND_KIB, `the JS heap grows ${round(heapSlope)} KiB per 1,000 requests (bound ${HEAP_SLOPE_BOUND_KIB})`);
  assert.ok(fdGrowth < FD_GROWTH_BOUND, `open fds at rest grew ${fdsAfterWarmUp}→${fdsAfterRun}: ${round(fdGrowth, 3)} per 1,000 requests (bound ${FD_GROWTH_BOUND})`);
});

/** After the kills a plugin may be paused for up to its backoff (30 s at most): wait it out. */
function readOutlastingBackoff(readPath: string): Promise<{ data: Record<string, unknown> | null }> {
  return answerOutlastingBackoff({ path: readPath, operation: 'read' });
}

async function answerOutlastingBackoff(request: { path: string; operation: string }): Promise<{ data: Record<string, unknown> | null }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await app.call('requests.handle', request);
    } catch (error) {
      if (!(error instanceof ContractCallError) || !EXPECTED_FAULT_CODES.has(error.error.code) || attempt >= 80) throw error;
      await sleep(500);
    }
  }
}

/**
 * The app's open fds once it is at rest: every mount answered (so a killed plugin, which restarts
 * on the next request, is running again after its backoff), every process ready, a full GC, and
 * the lowest of five counts 100 ms apart (a closing socket may linger for a moment).
 */
async function fdsAtRest(): Promise<number> {
  await answerOutlastingBackoff({ path: 'mis/ok', operation: 'read' });
  for (const listPath of LIST_PATHS) await answerOutlastingBackoff({ path: listPath, operation: 'list' }).catch(notFoundIsFine);
  const deadline = Date.now() + FD_SETTLE_TIMEOUT_MS;
  for (;;) {
    const { processes } = await app.call<{ processes: Array<{ state: string }> }>('plugins.status');
    if (processes.every((p) => p.state === 'ready')) break;
    assert.ok(Date.now() < deadline, `plugin processes not all ready within ${FD_SETTLE_TIMEOUT_MS} ms: ${processes.map((p) => p.state).join(', ')}`);
    await sleep(250);
  }
  const counts: number[] = [];
  for (let i = 0; i < 5; i++) {
    collectGarbage();
    counts.push(openFdCount());
    await sleep(100);
  }
  return Math.min(...counts);
}

function notFoundIsFine(error: unknown): void {
  if (error instanceof ContractCallError && error.error.code === 'not_found') return;
  throw error;
}

async function killOnePlugin(): Promise<number> {
  const { processes } = await app.call<{ processes: Array<{ pid: number | null; state: string }> }>('plugins.status');
  const ready = processes.filter((p) => p.state === 'ready' && p.pid !== null);
  const victim = ready[Math.floor(Math.random() * ready.length)];
  if (victim === undefined) return 0;
  process.kill(victim.pid as number, 'SIGKILL');
  return 1;
}
