/**
 * `npm run bench -- dev-loop` (issue 15.7): a plugin author's loop, from the final write of a
 * rebuilt binary (or the save of a TS source) to the answered request with the new code.
 *
 * - `go`: examples/go/hello built twice with `go build` into a temp folder, the two variants
 *   answering differently; each round renames the other one over the entry's file (as `go build
 *   -o` leaves it) in a Strongroom core with the entry in development mode; the clock stops when
 *   `hello/<name>` answers with the new variant's text (after `plugins.reloaded`).
 * - `ts`: a copy of examples/ts/hello in development mode with its source folder; each round saves
 *   backend.ts with the other greeting; same stop.
 * - `openbao`: OpenBao 2.7.2 dev server, same two Go binaries: each round renames one over the
 *   file, then the author's four commands as processes: `sha256sum`, `bao plugin register
 *   -sha256=…`, `bao plugin reload -plugin=…`, `bao read` — the baseline, in the same run.
 *
 * Strongroom's core runs in this process (`createAppServices`, headless), the request through
 * the contract's `requests.handle`; OpenBao's over its CLI and HTTP, as an author types them.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchFigures } from './run';
import { createAppServices, type AppServices } from '../electron/core/app-services';
import { packagePlugin } from '../sdk/package-plugin';
import type { PluginReloadedEvent, PluginReloadFailedEvent } from '../electron/common/contract/plugin-dev';
import { ensureOpenBao, OPENBAO_DEV_ROOT_TOKEN, startOpenBao } from '../test/support/openbao';

const exec = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = 12;
const GO_GREETING = 'c.CustomPrefix + d.Get("name").(string)';
const TS_GREETING = "config.custom_prefix + data.get<string>('name')";
const PASSPHRASE = 'dev-loop bench passphrase';

const p50 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const round1 = (value: number) => Math.round(value * 10) / 10;

/** examples/go/hello as is ("hi you") and with a "!" after the name ("hi you!"). */
async function buildGoVariants(work: string): Promise<[string, string]> {
  const files: string[] = [];
  for (const [index, suffix] of ['', ' + "!"'].entries()) {
    const source = path.join(work, `go-src-${index}`);
    fs.cpSync(path.join(repoRoot, 'examples', 'go', 'hello'), source, { recursive: true, filter: (file) => !file.includes(`${path.sep}bin`) });
    const backend = path.join(source, 'backend.go');
    fs.writeFileSync(backend, fs.readFileSync(backend, 'utf8').replace(GO_GREETING, GO_GREETING + suffix));
    const out = path.join(work, `hello-go-${index}`);
    await exec('go', ['build', '-buildvcs=false', '-trimpath', '-o', out, '.'], { cwd: source, maxBuffer: 16 << 20 });
    files.push(out);
  }
  return files as [string, string];
}

function renameOver(source: string, target: string): void {
  fs.copyFileSync(source, `${target}.build-tmp`);
  fs.chmodSync(`${target}.build-tmp`, 0o755);
  fs.renameSync(`${target}.build-tmp`, target);
}

async function strongroom(dataDir: string): Promise<AppServices> {
  const services = await createAppServices({ dataDir, mode: 'headless', kdf: { N: 2 ** 14, r: 8, p: 1 } });
  const reply = await services.dispatch('seal.init', { passphrase: PASSPHRASE });
  if (!reply.ok) throw new Error(reply.error.message);
  return services;
}

async function call(services: AppServices, method: Parameters<AppServices['dispatch']>[0], args: unknown): Promise<Record<string, unknown>> {
  const reply = await services.dispatch(method, args);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
  return reply.result as Record<string, unknown>;
}

async function greeting(services: AppServices, name: string): Promise<string> {
  const result = await call(services, 'requests.handle', { path: `hello/hello/${name}`, operation: 'read' });
  return String((result['data'] as Record<string, unknown> | null)?.['message']);
}

/** The next `plugins.reloaded` of this plugin; a `plugins.reloadFailed` of it rejects with its output. */
function reloadOf(services: AppServices, plugin: string): { event: Promise<PluginReloadedEvent> } {
  let off = () => undefined as void;
  const event = new Promise<PluginReloadedEvent>((resolve, reject) => {
    off = services.events.subscribe((name, payload) => {
      const named = payload as { name?: string };
      if (named.name !== plugin) return;
      if (name === 'plugins.reloaded') resolve(payload as PluginReloadedEvent);
      if (name === 'plugins.reloadFailed') {
        const failed = payload as PluginReloadFailedEvent;
        reject(new Error(`${plugin}: ${failed.message}\n${failed.output.join('\n')}`));
      }
    });
  });
  return { event: event.finally(() => off()) };
}

/** Rounds of change → reloaded → request; every answer must be the new code's. */
async function loop(services: AppServices, plugin: string, change: (round: number) => void, expected: (round: number, name: string) => string): Promise<{ loops: number[]; reloads: number[] }> {
  const loops: number[] = [];
  const reloads: number[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    const reloaded = reloadOf(services, plugin);
    change(round);
    const start = performance.now();
    const event = await reloaded.event;
    const name = `r${round}`;
    const answer = await greeting(services, name);
    const elapsed = performance.now() - start;
    if (answer !== expected(round, name)) throw new Error(`round ${round}: answered "${answer}", expected "${expected(round, name)}"`);
    loops.push(elapsed);
    reloads.push(event.durationMs);
  }
  return { loops, reloads };
}

async function goLoop(work: string, variants: [string, string]): Promise<{ loops: number[]; reloads: number[]; bytes: number }> {
  const dataDir = path.join(work, 'go-data');
  const pluginDir = path.join(dataDir, 'plugins');
  fs.mkdirSync(pluginDir, { recursive: true });
  const target = path.join(pluginDir, 'hello-go');
  renameOver(variants[0], target);
  const services = await strongroom(dataDir);
  try {
    await call(services, 'plugins.register', { name: 'hello-go', command: 'hello-go' });
    await call(services, 'mounts.enable', { path: 'hello', type: 'hello-go' });
    await call(services, 'requests.handle', { path: 'hello/config', operation: 'write', data: { custom_prefix: 'hi ' } });
    await call(services, 'plugins.setDevelopment', { name: 'hello-go', enabled: true });
    await greeting(services, 'warm');
    const result = await loop(
      services,
      'hello-go',
      (round) => renameOver(variants[round % 2] as string, target),
      (round, name) => `hi ${name}${round % 2 === 1 ? '!' : ''}`,
    );
    return { ...result, bytes: fs.statSync(target).size };
  } finally {
    await services.close();
  }
}

async function tsLoop(work: string): Promise<{ loops: number[]; reloads: number[] }> {
  const source = path.join(work, 'ts-src');
  fs.mkdirSync(source);
  for (const file of ['backend.ts', 'main.ts', 'tickets.ts']) fs.copyFileSync(path.join(repoRoot, 'examples', 'ts', 'hello', file), path.join(source, file));
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(source, 'node_modules'));
  const dataDir = path.join(work, 'ts-data');
  await packagePlugin(path.join(source, 'main.ts'), path.join(dataDir, 'plugins', 'hello-ts'));
  const backend = path.join(source, 'backend.ts');
  const original = fs.readFileSync(backend, 'utf8');
  const services = await strongroom(dataDir);
  try {
    await call(services, 'plugins.register', { name: 'hello-ts', command: 'hello-ts' });
    await call(services, 'mounts.enable', { path: 'hello', type: 'hello-ts' });
    await call(services, 'requests.handle', { path: 'hello/config', operation: 'write', data: { custom_prefix: 'hi ' } });
    await call(services, 'plugins.setDevelopment', { name: 'hello-ts', enabled: true, sourceDir: source });
    await greeting(services, 'warm');
    // Each round's source answers with the round number, so every save is a new build.
    return await loop(
      services,
      'hello-ts',
      (round) => fs.writeFileSync(backend, original.replace(TS_GREETING, `${TS_GREETING} + ' #${round}'`)),
      (round, name) => `hi ${name} #${round}`,
    );
  } finally {
    await services.close();
  }
}

async function openbaoLoop(work: string, variants: [string, string]): Promise<number[]> {
  const bao = await ensureOpenBao();
  const pluginDir = path.join(work, 'bao-plugins');
  fs.mkdirSync(pluginDir);
  const server = await startOpenBao(pluginDir);
  const env = { ...process.env, BAO_ADDR: server.url, VAULT_ADDR: server.url, BAO_TOKEN: OPENBAO_DEV_ROOT_TOKEN, VAULT_TOKEN: OPENBAO_DEV_ROOT_TOKEN };
  const target = path.join(pluginDir, 'hello-go');
  /** The author's four commands after a build. */
  const fourCommands = async () => {
    const sha = (await exec('sha256sum', [target])).stdout.split(' ')[0] ?? '';
    await exec(bao, ['plugin', 'register', `-sha256=${sha}`, 'secret', 'hello-go'], { env });
    await exec(bao, ['plugin', 'reload', '-plugin=hello-go'], { env });
  };
  const read = async (name: string) => {
    const { stdout } = await exec(bao, ['read', '-format=json', `hello/hello/${name}`], { env });
    return String((JSON.parse(stdout) as { data: { message: string } }).data.message);
  };
  try {
    renameOver(variants[0], target);
    await fourCommands();
    await exec(bao, ['secrets', 'enable', '-path=hello', 'hello-go'], { env });
    await exec(bao, ['write', 'hello/config', 'custom_prefix=hi '], { env });
    const loops: number[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      renameOver(variants[round % 2] as string, target);
      const start = performance.now();
      await fourCommands();
      const answer = await read(`r${round}`);
      loops.push(performance.now() - start);
      const expected = `hi r${round}${round % 2 === 1 ? '!' : ''}`;
      if (answer !== expected) throw new Error(`OpenBao round ${round}: answered "${answer}", expected "${expected}"`);
    }
    return loops;
  } finally {
    await server.stop();
  }
}

export async function run(): Promise<BenchFigures> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-dev-loop-'));
  try {
    const variants = await buildGoVariants(work);
    const go = await goLoop(work, variants);
    const ts = await tsLoop(work);
    const openbao = await openbaoLoop(work, variants);
    return {
      rounds: ROUNDS,
      go_binary_bytes: go.bytes,
      go_loop_ms_p50: round1(p50(go.loops)),
      go_loop_ms_max: round1(Math.max(...go.loops)),
      go_reload_ms_p50: round1(p50(go.reloads)),
      ts_loop_ms_p50: round1(p50(ts.loops)),
      ts_loop_ms_max: round1(Math.max(...ts.loops)),
      ts_reload_ms_p50: round1(p50(ts.reloads)),
      openbao_loop_ms_p50: round1(p50(openbao)),
      openbao_loop_ms_max: round1(Math.max(...openbao)),
      go_vs_openbao_ratio: Math.round((p50(go.loops) / p50(openbao)) * 100) / 100,
      ts_vs_openbao_ratio: Math.round((p50(ts.loops) / p50(openbao)) * 100) / 100,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
