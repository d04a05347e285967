/**
 * Strongroom as the clients see it: the real headless mode (`npm run serve`'s entry) as a child
 * process on a fresh data dir, its Vault API on a free loopback port (`STRONGROOM_API_ADDR=127.0.0.1:0`),
 * the address read from the one `Vault API: http://127.0.0.1:PORT` line it prints.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VaultHost } from './vault-host';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;

export async function startStrongroomHost(label: VaultHost['label'], workDir: string): Promise<VaultHost> {
  const dataDir = path.join(workDir, 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, STRONGROOM_DATA_DIR: dataDir, STRONGROOM_API_ADDR: '127.0.0.1:0' };
  delete env.STRONGROOM_PORT;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'electron', 'launch', 'serve.ts')], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const addr = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Strongroom (host ${label}) printed no "Vault API: http://…" line within ${START_TIMEOUT_MS / 1000} s:\n${output}`));
    }, START_TIMEOUT_MS);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /^Vault API: (http:\/\/127\.0\.0\.1:\d+)\s*$/m.exec(output);
      if (found?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`Strongroom (host ${label}) exited during start-up (${signal ?? `code ${code}`}):\n${output}`));
    });
  });

  return {
    label,
    kind: 'strongroom',
    addr,
    // The catalog's default plugin directory (electron/core/settings/settings-store.ts).
    pluginDir: path.join(dataDir, 'plugins'),
    log: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
