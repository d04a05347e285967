/**
 * `npm run bench -- sdk`: the TS hello plugin (examples/ts/hello, packaged) against its Go twin
 * (examples/go/hello), one run each, through two hosts:
 * - Strongroom's own host (plugin-host supervisor): the headline `ts_vs_go_*` ratios;
 * - the Go harness (Vault SDK's own plugin client): `harness_*` figures, where the host adds
 *   little, so the plugin's own cost shows most.
 * Cold start = spawn → handshake → Setup → Initialize → first answered read (median of 10);
 * latency = 2,000 sequential reads of hello/world after writing config.
 * Targets: cold start ≤ 4×, p50 ≤ 1.5×.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { buildPlugin as buildGoHello } from '../examples/go/hello/build';
import { buildPlugin as buildTsHello } from '../examples/ts/hello/build';
import { ensureFixtures, fixturePath } from '../test/fixtures/plugins/fixtures';
import { hostBench } from './sdk-support/host-bench';
import type { BenchFigures } from './run';

const COLD_STARTS = 10;
const REQUESTS = 2000;

interface HarnessFigures {
  cold_start_ms: number;
  p50_us: number;
  p99_us: number;
  throughput_rps: number;
}

async function harnessBench(plugin: string): Promise<HarnessFigures> {
  const { stdout } = await promisify(execFile)(fixturePath('strongroom-go-harness'), [
    'bench',
    '--plugin', plugin,
    '--write-path', 'config',
    '--write-data', '{"custom_prefix":"bench says hi to "}',
    '--read-path', 'hello/world',
    '--requests', String(REQUESTS),
    '--cold-starts', String(COLD_STARTS),
  ]);
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as HarnessFigures;
}

const ratio = (ts: number, go: number) => Math.round((ts / go) * 100) / 100;

export async function run(): Promise<BenchFigures> {
  await ensureFixtures({ names: ['strongroom-go-harness'] });
  const tsPlugin = await buildTsHello();
  const goPlugin = await buildGoHello();
  const options = { coldStarts: COLD_STARTS, requests: REQUESTS };
  const hostGo = await hostBench(goPlugin.file, options);
  const hostTs = await hostBench(tsPlugin.file, options);
  const harnessGo = await harnessBench(goPlugin.file);
  const harnessTs = await harnessBench(tsPlugin.file);
  return {
    host: 'strongroom plugin-host supervisor (harness_* figures: Go harness = Vault SDK plugin client)',
    ts_vs_go_cold_start_ratio: ratio(hostTs.cold_start_ms, hostGo.cold_start_ms),
    ts_vs_go_p50_ratio: ratio(hostTs.p50_us, hostGo.p50_us),
    ts_vs_go_p99_ratio: ratio(hostTs.p99_us, hostGo.p99_us),
    ts_cold_start_ms: hostTs.cold_start_ms,
    go_cold_start_ms: hostGo.cold_start_ms,
    ts_p50_us: hostTs.p50_us,
    go_p50_us: hostGo.p50_us,
    ts_p99_us: hostTs.p99_us,
    go_p99_us: hostGo.p99_us,
    cold_start_target_met: hostTs.cold_start_ms <= 4 * hostGo.cold_start_ms,
    p50_target_met: hostTs.p50_us <= 1.5 * hostGo.p50_us,
    harness_ts_vs_go_cold_start_ratio: ratio(harnessTs.cold_start_ms, harnessGo.cold_start_ms),
    harness_ts_vs_go_p50_ratio: ratio(harnessTs.p50_us, harnessGo.p50_us),
    harness_ts_cold_start_ms: harnessTs.cold_start_ms,
    harness_go_cold_start_ms: harnessGo.cold_start_ms,
    harness_ts_p50_us: harnessTs.p50_us,
    harness_go_p50_us: harnessGo.p50_us,
    harness_ts_throughput_rps: harnessTs.throughput_rps,
    harness_go_throughput_rps: harnessGo.throughput_rps,
    ts_plugin_bytes: tsPlugin.bytes,
  };
}
