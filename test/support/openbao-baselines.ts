/**
 * The bench's two OpenBao baselines, both real `bao server` processes on loopback:
 * - `durable`: raft storage in a temp folder and a file audit device (the config's `audit`
 *   stanza: OpenBao 2.7 refuses `sys/audit` over the API), initialised with one key share and
 *   unsealed over the API; the same durability as Strongroom (every write on disk, every
 *   request audited).
 * - `dev`: `bao server -dev`, in memory, no audit.
 * Each gets the same kv plugin binary registered by sha256 (see `mountKvV2`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureOpenBao } from './openbao';
import { vaultCall, type VaultTarget } from './vault-http';

export type OpenBaoMode = 'durable' | 'dev';

export interface OpenBaoBaseline extends VaultTarget {
  mode: OpenBaoMode;
  /** The `plugin_directory` (durable) or `-dev-plugin-dir` (dev). */
  pluginDir: string;
  /** Lines in the file audit device (durable; 0 for dev). */
  auditLines(): number;
  /** Bytes under the raft folder (durable; 0 for dev). */
  raftBytes(): number;
  log(): string;
  stop(): Promise<void>;
}

const DEV_ROOT_TOKEN = 'strongroom-bench-root';

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function durableConfig(root: string, port: number, clusterPort: number): string {
  return `storage "raft" {
  path    = "${path.join(root, 'raft')}"
  node_id = "strongroom-bench"
}
listener "tcp" {
  address         = "127.0.0.1:${port}"
  cluster_address = "127.0.0.1:${clusterPort}"
  tls_disable     = true
}
api_addr         = "http://127.0.0.1:${port}"
cluster_addr     = "http://127.0.0.1:${clusterPort}"
plugin_directory = "${path.join(root, 'plugins')}"
disable_mlock    = true
audit "file" "file" {
  options {
    file_path = "${path.join(root, 'audit.log')}"
  }
}
`;
}

function folderBytes(folder: string): number {
  if (!fs.existsSync(folder)) return 0;
  let total = 0;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

/** Plugin processes started from `pluginDir` (bao may leave one behind when it stops). */
function pluginPids(pluginDir: string): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (fs.readlinkSync(`/proc/${name}/exe`).startsWith(pluginDir + path.sep)) pids.push(Number(name));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

async function waitFor(what: string, child: ChildProcess, output: () => string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bao server exited while waiting for ${what} (code ${child.exitCode}):\n${output()}`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`bao server: no ${what} within 60 s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function startOpenBaoBaseline(mode: OpenBaoMode): Promise<OpenBaoBaseline> {
  const bao = await ensureOpenBao();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `strongroom-bench-bao-${mode}-`));
  const pluginDir = path.join(root, 'plugins');
  fs.mkdirSync(pluginDir);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let args: string[];
  if (mode === 'durable') {
    fs.mkdirSync(path.join(root, 'raft'));
    const config = path.join(root, 'config.hcl');
    fs.writeFileSync(config, durableConfig(root, port, await freePort()));
    args = ['server', `-config=${config}`];
  } else {
    args = ['server', '-dev', `-dev-root-token-id=${DEV_ROOT_TOKEN}`, `-dev-listen-address=127.0.0.1:${port}`, `-dev-plugin-dir=${pluginDir}`];
  }
  const child = spawn(bao, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const log = () => output;
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    for (const pid of pluginPids(pluginDir)) process.kill(pid, 'SIGKILL');
    fs.rmSync(root, { recursive: true, force: true });
  };

  try {
    let token = DEV_ROOT_TOKEN;
    const health = async () => (await vaultCall({ url }, 'GET', 'sys/health')).status;
    if (mode === 'durable') {
      await waitFor('listener', child, log, async () => (await health()) === 501);
      const init = await vaultCall({ url }, 'PUT', 'sys/init', { secret_shares: 1, secret_threshold: 1 });
      const keys = init.json?.['keys'];
      if (init.status !== 200 || !Array.isArray(keys) || typeof init.json?.['root_token'] !== 'string') {
        throw new Error(`sys/init answered ${init.status}: ${init.text}`);
      }
      token = init.json['root_token'] as string;
      const unseal = await vaultCall({ url }, 'PUT', 'sys/unseal', { key: keys[0] });
      if (unseal.status !== 200) throw new Error(`sys/unseal answered ${unseal.status}: ${unseal.text}`);
    }
    // 200 = initialised, unsealed and active (raft elects itself leader a moment after unseal).
    await waitFor('active node', child, log, async () => (await health()) === 200);
    return {
      mode,
      url,
      token,
      pluginDir,
      auditLines: () => {
        const file = path.join(root, 'audit.log');
        return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter((line) => line !== '').length : 0;
      },
      raftBytes: () => folderBytes(path.join(root, 'raft')),
      log,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
