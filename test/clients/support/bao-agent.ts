/**
 * `bao agent` (the same binary as the CLI) against one host: auto-auth from a token file, one
 * template that renders a KV v2 secret into a file, static secrets re-read every second. The
 * process is the session's: stopped when the suite ends.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureOpenBao } from '../../support/openbao';
import { baoEnv } from './bao-cli';
import type { Session } from './client-suite';

export interface RunningAgent {
  /** The rendered file. */
  destination: string;
  log(): string;
}

export async function startAgent(session: Session, token: string, secretPath: string, contents: string): Promise<RunningAgent> {
  const bao = await ensureOpenBao();
  const dir = path.join(session.dir, 'agent');
  fs.mkdirSync(dir, { recursive: true });
  const tokenFile = path.join(dir, 'token');
  const destination = path.join(dir, 'rendered.txt');
  fs.writeFileSync(tokenFile, token, { mode: 0o600 });
  const template = `{{ with secret ${JSON.stringify(secretPath)} }}${contents}{{ end }}`;
  const config = path.join(dir, 'agent.hcl');
  fs.writeFileSync(
    config,
    [
      `vault { address = ${JSON.stringify(session.host.addr)} }`,
      `auto_auth {\n  method "token_file" {\n    config = { token_file_path = ${JSON.stringify(tokenFile)} }\n  }\n}`,
      'template_config {\n  static_secret_render_interval = "1s"\n}',
      `template {\n  destination = ${JSON.stringify(destination)}\n  contents = ${JSON.stringify(template)}\n}`,
      '',
    ].join('\n'),
  );
  const child = spawn(bao, ['agent', `-config=${config}`], { env: baoEnv(session, null), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  session.defer(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  });
  return { destination, log: () => output };
}

/** Waits (bounded) until the rendered file's text satisfies `done`; returns that text. */
export async function waitForRender(agent: RunningAgent, done: (text: string) => boolean, what: string, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  for (;;) {
    text = fs.existsSync(agent.destination) ? fs.readFileSync(agent.destination, 'utf8') : '';
    if (done(text)) return text;
    if (Date.now() > deadline) {
      throw new Error(`bao agent did not render ${what} within ${timeoutMs / 1000} s (file: ${JSON.stringify(text)}); agent log:\n${agent.log()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
