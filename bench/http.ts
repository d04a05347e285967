/**
 * `npm run bench -- http`: Vault's HTTP API, Strongroom vs OpenBao 2.7 in one run. The same kv
 * plugin binary (the `vault-plugin-secrets-kv` fixture) is mounted as KV v2 at `bench/` on every
 * host; the same two operations (a read of one key, a write of a small secret to a new key) are
 * sent over HTTP keep-alive at concurrency 1 and 16 (warm-up first, then N timed requests).
 *
 * Hosts: Strongroom (headless, its Vault API), OpenBao with raft storage and a file audit device
 * (`openbao`: the same durability as Strongroom) and `bao server -dev` (`openbao_dev`: in memory,
 * no audit). Ratios are Strongroom ÷ OpenBao: `c1_read_p50_ratio`, `c16_write_rps_ratio`… against
 * the durable baseline, `dev_c1_…` against the dev server. The four headline keys
 * (`read_p50_ratio`, `write_p50_ratio`, `read_rps_ratio`, `write_rps_ratio`, and the same with a
 * `dev_` prefix) are the concurrency-16 ratios. Target (issue 19): rps ratio ≥ 2, p50 ratio ≤ 0.5
 * for reads and writes against the durable baseline.
 *
 * On Strongroom also `policy_read_p50_ratio`: the read with a token holding 50 ACL policies ÷ the
 * root token's, in alternating rounds at concurrency 1 (`http-support/policy-read.ts`; target ≤ 1.1).
 *
 * `BENCH_HTTP_REQUESTS` (default 2000) timed requests per figure, `BENCH_HTTP_WARMUP` (500);
 * `BENCH_HTTP_HOSTS=openbao,openbao_dev` measures a subset (no ratios without `strongroom`).
 */
import { ensureFixtures, fixturePath } from '../test/fixtures/plugins/fixtures';
import { measure, type LoadFigures, type LoadRequest, type VaultTarget } from './http-support/load';
import { BENCH_MOUNT, mountKvV2 } from './http-support/kv-mount';
import { startOpenBaoBaseline } from '../test/support/openbao-baselines';
import { startStrongroomTarget } from './http-support/strongroom-server';
import { measurePolicyRead } from './http-support/policy-read';

const REQUESTS = Number(process.env.BENCH_HTTP_REQUESTS ?? 2000);
const WARMUP = Number(process.env.BENCH_HTTP_WARMUP ?? 500);
const CONCURRENCIES = [1, 16] as const;
const HOSTS = ['strongroom', 'openbao', 'openbao_dev'] as const;
type HostName = (typeof HOSTS)[number];

interface RunningHost extends VaultTarget {
  pluginDir: string;
  /** Checks the host did what its configuration promises (durable: audit lines and raft data). */
  verify(requestsSent: number): Record<string, number>;
  stop(): Promise<void>;
}

/** The read is of one key; each write creates a new key (`bench/data/write-c16-123`). */
const operations = {
  read: () => ({ method: 'GET', path: `${BENCH_MOUNT}/data/read-me`, expect: [200] }),
  write: (concurrency: number) => ({
    method: 'POST',
    path: (i: number) => `${BENCH_MOUNT}/data/write-c${concurrency}-${i}`,
    body: (i: number) => ({ data: { value: `secret-${i}` } }),
    expect: [200],
  }),
} satisfies Record<string, (concurrency: number) => LoadRequest>;
type OperationName = keyof typeof operations;

async function startHost(name: HostName): Promise<RunningHost> {
  if (name === 'strongroom') return startStrongroomTarget();
  const baseline = await startOpenBaoBaseline(name === 'openbao' ? 'durable' : 'dev');
  return {
    ...baseline,
    verify: (sent): Record<string, number> => {
      if (baseline.mode === 'dev') return {};
      const auditLines = baseline.auditLines();
      const raftBytes = baseline.raftBytes();
      // Each audited request is two lines (request, response).
      if (auditLines < 2 * sent) throw new Error(`OpenBao's file audit device has ${auditLines} lines after ${sent} requests: is it enabled?`);
      if (raftBytes === 0) throw new Error('OpenBao wrote nothing under its raft folder');
      return { audit_lines: auditLines, raft_bytes: raftBytes };
    },
  };
}

async function measureHost(name: HostName, binary: string): Promise<Record<string, number>> {
  const host = await startHost(name);
  try {
    await mountKvV2(host, binary, host.pluginDir);
    const seed = await fetch(`${host.url}/v1/${BENCH_MOUNT}/data/read-me`, {
      method: 'POST',
      headers: { 'X-Vault-Token': host.token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: { value: 'a small secret' } }),
    });
    if (seed.status !== 200) throw new Error(`${name}: seeding the read key answered ${seed.status}: ${await seed.text()}`);
    const figures: Record<string, number> = {};
    let sent = 0;
    for (const concurrency of CONCURRENCIES) {
      for (const op of Object.keys(operations) as OperationName[]) {
        const result: LoadFigures = await measure(host, operations[op](concurrency), { requests: REQUESTS, concurrency, warmup: WARMUP });
        sent += REQUESTS + WARMUP;
        figures[`${name}_c${concurrency}_${op}_p50_us`] = result.p50_us;
        figures[`${name}_c${concurrency}_${op}_p99_us`] = result.p99_us;
        figures[`${name}_c${concurrency}_${op}_rps`] = result.rps;
      }
    }
    for (const [key, value] of Object.entries(host.verify(sent))) figures[`${name}_${key}`] = value;
    if (name === 'strongroom') {
      // The same read with a token holding 50 policies, ÷ the root token's (issue 14, target ≤ 1.1).
      Object.assign(figures, await measurePolicyRead(host, operations.read(), { requests: REQUESTS, warmup: WARMUP }));
    }
    return figures;
  } finally {
    await host.stop();
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function ratios(figures: Record<string, number>, baseline: 'openbao' | 'openbao_dev', prefix: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const concurrency of CONCURRENCIES) {
    for (const op of Object.keys(operations) as OperationName[]) {
      for (const [metric, field] of [['p50', 'p50_us'], ['rps', 'rps']] as const) {
        const ours = figures[`strongroom_c${concurrency}_${op}_${field}`];
        const theirs = figures[`${baseline}_c${concurrency}_${op}_${field}`];
        if (ours === undefined || theirs === undefined) continue;
        const ratio = round2(ours / theirs);
        out[`${prefix}c${concurrency}_${op}_${metric}_ratio`] = ratio;
        if (concurrency === 16) out[`${prefix}${op}_${metric}_ratio`] = ratio;
      }
    }
  }
  return out;
}

export async function run(): Promise<Record<string, number | string>> {
  await ensureFixtures({ names: ['vault-plugin-secrets-kv'] });
  const binary = fixturePath('vault-plugin-secrets-kv');
  const chosen = (process.env.BENCH_HTTP_HOSTS ?? HOSTS.join(',')).split(',').filter((h): h is HostName => (HOSTS as readonly string[]).includes(h));
  const figures: Record<string, number> = {};
  for (const host of chosen) Object.assign(figures, await measureHost(host, binary));
  const rounded = Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, round2(v)]));
  return {
    ...ratios(figures, 'openbao', ''),
    ...ratios(figures, 'openbao_dev', 'dev_'),
    ...rounded,
    requests_per_figure: REQUESTS,
    warmup: WARMUP,
    hosts: chosen.join(','),
  };
}
