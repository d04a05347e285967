/**
 * Where a KV v2 read's time goes (issue 20, step 1): `npm run bench -- profile-read`.
 *
 * Starts Strongroom as the `http` suite does (`npm run serve` on a fresh data directory, the kv
 * fixture mounted as KV v2 at `bench/`) but with `node --cpu-prof` on the server's command line
 * (`NODE_OPTIONS` refuses it), warms up, then sends `PROFILE_REQUESTS` (default 3000) reads of one key with
 * `PROFILE_CONCURRENCY` (16) in flight. Around the timed phase it reads the CPU time the server
 * and the Go plugin used (`/proc/<pid>/stat`), and afterwards summarises the server's profile
 * over exactly that phase (`profile-support/cpuprofile-summary.ts`), as µs per request.
 *
 * Prints a Markdown report (then the suite's JSON line) of the main thread (thread 0; a worker's profile is written beside
 * it); the profiles stay under `bench/results/profile-read/` for
 * Chrome DevTools or speedscope.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFixtures, fixturePath } from '../test/fixtures/plugins/fixtures';
import { measure } from './http-support/load';
import { BENCH_MOUNT, mountKvV2 } from './http-support/kv-mount';
import { startStrongroomTarget } from './http-support/strongroom-server';
import { summarise } from './profile-support/cpuprofile-summary';
import { findPluginProcess, processCpuUs, threadCpuUs } from './profile-support/proc-cpu';

const REQUESTS = Number(process.env.PROFILE_REQUESTS ?? 3000);
const CONCURRENCY = Number(process.env.PROFILE_CONCURRENCY ?? 16);
const WARMUP = Number(process.env.PROFILE_WARMUP ?? 500);
const INTERVAL_US = Number(process.env.PROFILE_INTERVAL_US ?? 1000);
/** `PROFILE_OFF=1`: the same run without the profiler, to see what profiling costs. */
const PROFILER_ON = process.env.PROFILE_OFF !== '1';

const here = path.dirname(fileURLToPath(import.meta.url));
const profileDir = path.join(here, 'results', 'profile-read', new Date().toISOString().replace(/[:.]/g, '-'));

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
const fmt = (us: number) => (us < 10 ? us.toFixed(1) : Math.round(us).toLocaleString('en'));

export async function run(): Promise<Record<string, number | string>> {
  await ensureFixtures({ names: ['vault-plugin-secrets-kv'] });
  if (PROFILER_ON) fs.mkdirSync(profileDir, { recursive: true });
  const target = await startStrongroomTarget(PROFILER_ON ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-interval=${INTERVAL_US}`] : []);
  let window: { from: number; to: number; rps: number; p50: number; serverCpu: number; mainThreadCpu: number; pluginCpu: number; serverPid: number };
  try {
    await mountKvV2(target, fixturePath('vault-plugin-secrets-kv'), target.pluginDir);
    const read = { method: 'GET' as const, path: `${BENCH_MOUNT}/data/read-me`, expect: [200] };
    const seed = await fetch(`${target.url}/v1/${BENCH_MOUNT}/data/read-me`, {
      method: 'POST',
      headers: { 'X-Vault-Token': target.token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: { value: 'a small secret' } }),
    });
    if (seed.status !== 200) throw new Error(`seeding the read key answered ${seed.status}: ${await seed.text()}`);
    await measure(target, read, { requests: WARMUP, concurrency: CONCURRENCY, warmup: 0 });
    const plugin = findPluginProcess(target.pluginDir);
    const before = { server: processCpuUs(plugin.parentPid), mainThread: threadCpuUs(plugin.parentPid, plugin.parentPid), plugin: processCpuUs(plugin.pid) };
    const from = monotonicUs();
    const figures = await measure(target, read, { requests: REQUESTS, concurrency: CONCURRENCY, warmup: 0 });
    const to = monotonicUs();
    window = {
      from,
      to,
      rps: figures.rps,
      p50: figures.p50_us,
      serverCpu: processCpuUs(plugin.parentPid) - before.server,
      mainThreadCpu: threadCpuUs(plugin.parentPid, plugin.parentPid) - before.mainThread,
      pluginCpu: processCpuUs(plugin.pid) - before.plugin,
      serverPid: plugin.parentPid,
    };
  } finally {
    await target.stop();
  }
  const perRequest = (us: number) => us / REQUESTS;
  const headline = [
    `${REQUESTS} reads at concurrency ${CONCURRENCY}${PROFILER_ON ? '' : ' (no profiler)'}: ${Math.round(window.rps)} req/s, p50 ${fmt(window.p50)} µs; load ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
    `CPU per request (utime+stime over the phase): server ${fmt(perRequest(window.serverCpu))} µs (all threads; main thread ${fmt(perRequest(window.mainThreadCpu))} µs), Go plugin ${fmt(perRequest(window.pluginCpu))} µs`,
  ];
  const figures: Record<string, number | string> = {
    rps: Math.round(window.rps),
    p50_us: Math.round(window.p50),
    server_cpu_us_per_request: Math.round(perRequest(window.serverCpu)),
    server_main_thread_cpu_us_per_request: Math.round(perRequest(window.mainThreadCpu)),
    callback_thread: process.env.STRONGROOM_CALLBACK_THREAD === '1' ? 'on' : 'off',
    plugin_cpu_us_per_request: Math.round(perRequest(window.pluginCpu)),
    profiler: PROFILER_ON ? `${INTERVAL_US} µs` : 'off',
  };
  if (!PROFILER_ON) {
    console.log(headline.join('\n'));
    return figures;
  }
  const file = fs.readdirSync(profileDir).find((name) => name.includes(`.${window.serverPid}.0.`) && name.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error(`no .cpuprofile of the server (pid ${window.serverPid}) in ${profileDir}: ${fs.readdirSync(profileDir).join(', ')}`);
  const summary = summarise(path.join(profileDir, file), window.from, window.to);
  if (summary.samples < 100) throw new Error(`only ${summary.samples} profile samples fell in the timed phase: do the clocks agree?`);
  const lines = [
    ...headline,
    `Server main thread: ${summary.samples} samples at ${INTERVAL_US} µs; busy ${fmt(perRequest(summary.busyUs))} µs/request of ${fmt(perRequest(summary.windowUs))} µs wall per request (${Math.round((100 * summary.busyUs) / summary.windowUs)}% busy)`,
    '',
    '| part | self µs/req | attributed µs/req | attributed share of busy | total µs/req |',
    '| --- | --- | --- | --- | --- |',
    ...summary.parts
      .filter((p) => p.attributedUs > 0 || p.totalUs >= summary.busyUs * 0.01)
      .map((p) => `| ${p.part} | ${fmt(perRequest(p.selfUs))} | ${fmt(perRequest(p.attributedUs))} | ${p.part.startsWith('(idle') ? '—' : `${((100 * p.attributedUs) / summary.busyUs).toFixed(1)}%`} | ${fmt(perRequest(p.totalUs))} |`),
    '',
    'Top leaf functions (self µs/req):',
    ...summary.topFunctions.map((f) => `- ${fmt(perRequest(f.selfUs))} ${f.name}`),
    '',
    "Strongroom's functions by attributed time (µs/req, their own plus the Node/native code they call):",
    ...summary.topOwnFunctions.map((f) => `- ${fmt(perRequest(f.selfUs))} ${f.name}`),
    '',
    `profile: ${path.relative(process.cwd(), path.join(profileDir, file))}`,
  ];
  console.log(lines.join('\n'));
  return { ...figures, main_thread_busy_us_per_request: Math.round(perRequest(summary.busyUs)) };
}
