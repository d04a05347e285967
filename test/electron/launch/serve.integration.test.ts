import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

/** Every live process whose process group is `pgid` (the started command and all its children). */
function processesInGroup(pgid: number): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => Number(cols[1]) === pgid && !(cols[2] ?? '').startsWith('Z'))
    .map((cols) => cols.join(' '));
}

for (const [script, signal] of [
  ['start', 'SIGINT'],
  ['serve', 'SIGTERM'],
] as const) {
  test(`npm ${script === 'start' ? 'start' : 'run serve'} prints a URL that serves the shell and stops on ${signal} leaving no processes`, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-serve-'));
    const child = spawn('npm', ['run', '--silent', script], {
      cwd: root,
      env: { ...process.env, STRONGROOM_DATA_DIR: dataDir, STRONGROOM_API_ADDR: '127.0.0.1:0' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const outputClosed = new Promise((resolve) => child.stdout.once('close', resolve));
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL within 60 s:\n${output}`)), 60_000);
      child.stdout.on('data', () => {
        const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(output);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    if (script === 'start') assert.match(output, /Electron binary not installed.*headless mode/);
    // One line gives Vault's HTTP API address, and it answers there.
    const apiLines = output.split('\n').filter((line) => line.startsWith('Vault API: '));
    assert.equal(apiLines.length, 1, output);
    const apiUrl = /^Vault API: (http:\/\/127\.0\.0\.1:\d+)$/.exec(apiLines[0]!)?.[1];
    assert.ok(apiUrl, apiLines[0]);
    assert.equal((await fetch(`${apiUrl}/v1/sys/seal-status`)).status, 200);
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /id="root"/);

    // Like a terminal's Ctrl-C, the signal goes to the whole process group (npm, tsx, node).
    process.kill(-child.pid!, signal);
    const deadline = Date.now() + 15_000;
    while (processesInGroup(child.pid!).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(processesInGroup(child.pid!), []);
    await outputClosed; // every process that held the pipe is gone: all it printed has been read
    assert.match(output, new RegExp(`${signal}: stopping Strongroom…\\s+Stopped\\.`));
  });
}
