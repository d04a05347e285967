/**
 * hvac (PyPI `hvac`), installed on first use into `.cache/hvac-venv` (as test/support/openbao.ts
 * does for bao), driven through `hvac_driver.py`: one long-lived Python process per host that
 * answers one JSON line per call, so a step costs a round trip rather than a Python start.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const venv = path.resolve(here, '..', '..', '..', '.cache', 'hvac-venv');
export const HVAC_VERSION = '2.4.0';
const CALL_TIMEOUT_MS = 60_000;

let installing: Promise<string> | undefined;

/** The venv's python with hvac installed (created with `python3 -m venv` + pip on first use). */
export function ensureHvac(): Promise<string> {
  installing ??= (async () => {
    const python = path.join(venv, 'bin', 'python');
    const marker = path.join(venv, `.hvac-${HVAC_VERSION}`);
    if (fs.existsSync(marker)) return python;
    const run = promisify(execFile);
    try {
      await run('python3', ['-m', 'venv', venv]);
      await run(path.join(venv, 'bin', 'pip'), ['install', '--quiet', `hvac==${HVAC_VERSION}`], { maxBuffer: 16 << 20, timeout: 300_000 });
      fs.writeFileSync(marker, '');
    } catch (error) {
      fs.rmSync(venv, { recursive: true, force: true });
      throw new Error(
        `Could not install hvac (python3 -m venv ${venv} + pip install hvac==${HVAC_VERSION}): ${(error as Error).message}. Install python3 with venv support and allow pip to reach PyPI.`,
      );
    }
    return python;
  })();
  return installing;
}

export type HvacAnswer = { ok: unknown } | { error: { type: string; errors: unknown } };

export class HvacClient {
  private readonly pending: Array<(line: string) => void> = [];
  private stderr = '';

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    readline.createInterface({ input: child.stdout }).on('line', (line) => this.pending.shift()?.(line));
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    // A driver that dies answers every waiting call with a line that is not JSON: they fail now, not at their timeout.
    child.once('exit', (code) => {
      for (const answer of this.pending.splice(0)) answer(`(the hvac driver exited with code ${code})`);
    });
  }

  static async start(addr: string): Promise<HvacClient> {
    const python = await ensureHvac();
    return new HvacClient(spawn(python, ['-u', path.join(here, 'hvac_driver.py'), addr], { stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  /** `call` is a dotted name on hvac.Client (`sys.initialize`, `secrets.kv.v2.patch`…). */
  call(call: string, kwargs: Record<string, unknown>, token: string | null): Promise<HvacAnswer> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`hvac ${call} did not answer within ${CALL_TIMEOUT_MS / 1000} s:\n${this.stderr}`)), CALL_TIMEOUT_MS);
      this.pending.push((line) => {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(line) as HvacAnswer);
        } catch {
          reject(new Error(`hvac ${call}: the driver printed a line that is not JSON: ${line}\n${this.stderr}`));
        }
      });
      if (this.child.exitCode !== null) {
        clearTimeout(timer);
        reject(new Error(`the hvac driver exited (code ${this.child.exitCode}):\n${this.stderr}`));
        return;
      }
      this.child.stdin.write(`${JSON.stringify({ call, kwargs, token })}\n`);
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
