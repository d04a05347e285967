/**
 * The bench's Strongroom host: `npm run serve` (headless mode, as a user runs it) in a child
 * process on a fresh data directory, its Vault API on a free loopback port
 * (`STRONGROOM_API_ADDR=127.0.0.1:0`, read from the `Vault API: …` line), initialised over the API
 * (`PUT sys/init` with a passphrase gives the root token). Its own process, so the load client
 * does not share its event loop.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../electron/storage/database';
import { vaultCall, type VaultTarget } from '../../test/support/vault-http';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PASSPHRASE = 'strongroom-bench-passphrase';

export interface StrongroomTarget extends VaultTarget {
  pluginDir: string;
  /** Audit entries written (the audit log is a table in the data directory's database). */
  verify(requestsSent: number): Record<string, number>;
  stop(): Promise<void>;
}

function auditRows(dataDir: string): number {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** `nodeArgs` go before the script, e.g. `--cpu-prof` (which `NODE_OPTIONS` does not allow). */
export async function startStrongroomTarget(nodeArgs: readonly string[] = []): Promise<StrongroomTarget> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-bench-http-'));
  const pluginDir = path.join(dataDir, 'plugins');
  fs.mkdirSync(pluginDir, { mode: 0o700 });
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(repo, 'electron', 'launch', 'serve.ts')], {
    cwd: repo,
    env: { ...process.env, STRONGROOM_DATA_DIR: dataDir, STRONGROOM_API_ADDR: '127.0.0.1:0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "Vault API:" line within 120 s:\n${output}`)), 120_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Vault API: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`npm run serve exited (${code}):\n${output}`)));
    });
    const init = await vaultCall({ url }, 'PUT', 'sys/init', { passphrase: PASSPHRASE });
    const token = init.json?.['root_token'];
    if (init.status !== 200 || typeof token !== 'string' || token === '') throw new Error(`sys/init answered ${init.status} without a root token: ${init.text}`);
    return {
      url,
      token,
      pluginDir,
      verify: (sent) => {
        const rows = auditRows(dataDir);
        if (rows < sent) throw new Error(`Strongroom's audit log has ${rows} entries after ${sent} requests`);
        return { audit_entries: rows };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
