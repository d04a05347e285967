/**
 * "Share once" on a KV read, in Chromium against the headless mode with the Vault API on a free
 * port: the read page offers it, a TTL that is no duration is refused before anything is sent,
 * the one-time token comes with its expiry and the one-line command, the command (run as a shell
 * would run it, with the real `bao` CLI and nothing else of the reader's) prints the secret, a
 * second run is refused, and "Done" takes the token off the page.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { screenshot } from '../support/browser';
import type { TestApp } from '../support/headless-app';
import { ensureOpenBao } from '../support/openbao';
import { go, initialise, send, uiSuite } from './support/ui-steps';

let app: TestApp;
let page: Page;
let problems: string[];
let command: string;
let token: string;
const step = uiSuite({ fixtures: [], vaultApi: true }, (session) => {
  ({ app, page, problems } = session);
});

/** Runs `line` with sh, `bao` on the PATH, a HOME of its own (no token helper) and no VAULT_* of ours. */
async function runLine(line: string): Promise<{ exit: number; stdout: string; stderr: string }> {
  const bao = await ensureOpenBao();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-share-once-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VAULT_') && !key.startsWith('BAO_')));
  try {
    return await new Promise((resolve) => {
      execFile('sh', ['-c', line], { env: { ...env, HOME: home, PATH: `${path.dirname(bao)}:${env['PATH'] ?? ''}` }, timeout: 30_000 }, (error, stdout, stderr) => {
        resolve({ exit: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
      });
    });
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

step('a KV read offers "Share once"; a TTL that is no duration is refused on the page', async () => {
  await initialise(page, { mountSecret: true });
  const written = await app.services.dispatch('requests.handle', { path: 'secret/data/app', operation: 'write', data: { data: { password: 'share-me-once' } } });
  assert.ok(written.ok, JSON.stringify(written));
  await go(page, '#/request/secret/data/app?op=read', 'secret/data/app');
  await send(page, 'Read');
  const response = page.getByTestId('response');
  await response.getByRole('button', { name: 'Share once' }).click();
  const form = response.getByRole('form', { name: 'Share once' });
  await form.getByLabel('Expires after').fill('soon');
  await form.getByText(/is not a duration|invalid/).waitFor();
  assert.equal(await form.getByRole('button', { name: 'Make a one-time token' }).isDisabled(), true);
  await screenshot(page, 'share-once-bad-ttl');
});

step('the one-time token comes with its expiry and the command that unwraps it', async () => {
  const form = page.getByTestId('response').getByRole('form', { name: 'Share once' });
  await form.getByLabel('Expires after').fill('5m');
  await form.getByRole('button', { name: 'Make a one-time token' }).click();
  const shared = page.getByTestId('share-once');
  await shared.waitFor();
  token = (await shared.getByTestId('share-once-token').innerText()).trim();
  assert.match(token, /^s\.[A-Za-z0-9]{24}$/);
  command = (await shared.getByTestId('share-once-command').innerText()).trim();
  assert.ok(app.vaultApi !== undefined);
  assert.equal(command, `VAULT_ADDR=${app.vaultApi.url} VAULT_TOKEN=${token} bao unwrap`);
  // The expiry shown is the token's own: creation time + TTL as the (unauthenticated) lookup tells them.
  const lookup = await fetch(`${app.vaultApi.url}/v1/sys/wrapping/lookup`, { method: 'POST', body: JSON.stringify({ token }) });
  const { data } = (await lookup.json()) as { data: { creation_time: string; creation_ttl: number; creation_path: string } };
  assert.deepEqual([data.creation_ttl, data.creation_path], [300, 'secret/data/app']);
  const shown = await shared.getByTestId('share-once-expiry').getAttribute('datetime');
  assert.equal(shown, new Date(Date.parse(data.creation_time) + 300_000).toISOString());
  await screenshot(page, 'share-once-token');
});

step('the command prints the secret once; a second run is refused', async () => {
  const first = await runLine(command);
  assert.equal(first.exit, 0, first.stderr);
  assert.match(first.stdout, /password:share-me-once/, "the KV v2 reply, as bao prints it");
  const second = await runLine(command);
  assert.notEqual(second.exit, 0);
  assert.match(second.stderr, /wrapping token is not valid or does not exist/);
});

step('"Done, hide it" takes the token off the page', async () => {
  await page.getByTestId('share-once').getByRole('button', { name: 'Done, hide it' }).click();
  await page.getByTestId('response').getByRole('button', { name: 'Share once' }).waitFor();
  assert.equal(await page.evaluate((t) => document.body.innerHTML.includes(t), token), false);
  assert.deepEqual(problems, []);
});
