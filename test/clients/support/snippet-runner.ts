/**
 * Runs a "Copy as" snippet (renderer/src/pages/request/copy-as.ts) the way a user pastes it: its
 * `export …_ADDR=…` line and then the code, in bash, with nothing of VAULT_* / BAO_* inherited but
 * the token variable the tool reads (`BAO_TOKEN` for bao, `VAULT_TOKEN` for the others). The bao
 * CLI is the one from test/support/openbao.ts; `vault` is the same binary under Vault's name (a
 * shim on PATH: bao reads VAULT_ADDR/VAULT_TOKEN exactly as vault does). hvac runs in its venv,
 * node-vault in this checkout's node_modules.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CopySnippet } from '../../../renderer/src/pages/request/copy-as';
import { ensureOpenBao } from '../../support/openbao';
import { ensureHvac } from './hvac';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const RUN_TIMEOUT_MS = 60_000;

export interface SnippetAnswer {
  exit: number;
  stdout: string;
  stderr: string;
}

export interface SnippetRunner {
  run(snippet: CopySnippet): Promise<SnippetAnswer>;
}

export async function snippetRunner(workDir: string, token: string): Promise<SnippetRunner> {
  const bao = await ensureOpenBao();
  const python = await ensureHvac();
  const binDir = path.join(workDir, 'bin');
  fs.mkdirSync(binDir, { recursive: true });
  fs.writeFileSync(path.join(binDir, 'bao'), `#!/bin/sh\nexec '${bao}' "$@"\n`, { mode: 0o755 });
  fs.writeFileSync(path.join(binDir, 'vault'), `#!/bin/sh\nexec '${bao}' "$@"\n`, { mode: 0o755 });
  const home = path.join(workDir, 'home');
  fs.mkdirSync(home, { recursive: true });
  let count = 0;

  return {
    run: (snippet) => {
      const env: NodeJS.ProcessEnv = {};
      for (const [key, value] of Object.entries(process.env)) {
        if (!key.startsWith('VAULT_') && !key.startsWith('BAO_')) env[key] = value;
      }
      Object.assign(env, { HOME: home, PATH: `${binDir}:${process.env.PATH ?? ''}`, NODE_PATH: path.join(repoRoot, 'node_modules') });
      if (snippet.tool === 'bao') Object.assign(env, { BAO_TOKEN: token, BAO_FORMAT: 'json' });
      else Object.assign(env, { VAULT_TOKEN: token, VAULT_FORMAT: 'json' });
      let script = `${snippet.envLine}\n${snippet.code}\n`;
      if (snippet.tool === 'hvac' || snippet.tool === 'node-vault') {
        const file = path.join(workDir, `snippet-${++count}.${snippet.tool === 'hvac' ? 'py' : 'cjs'}`);
        fs.writeFileSync(file, snippet.code);
        const interpreter = snippet.tool === 'hvac' ? python : process.execPath;
        script = `${snippet.envLine}\nexec '${interpreter}' '${file}'\n`;
      }
      return new Promise((resolve, reject) => {
        const child = execFile('bash', ['-e', '-c', script], { env, cwd: workDir, timeout: RUN_TIMEOUT_MS, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
          if (error !== null && error.killed) {
            reject(new Error(`the ${snippet.tool} snippet did not finish within ${RUN_TIMEOUT_MS / 1000} s:\n${script}\n${stderr}`));
            return;
          }
          resolve({ exit: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
        });
        child.stdin?.end();
      });
    },
  };
}
