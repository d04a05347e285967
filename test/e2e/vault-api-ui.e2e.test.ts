/**
 * The UI side of Vault's HTTP API, in Chromium against the headless mode with the API listening on
 * a free port: the status bar shows the `Vault API: http://…` line; first run shows the root token once and it works against the real API
 * (`auth/token/lookup-self`); the Overview shows the API's real address and the export lines;
 * rotating the root token shows the new one once, the old one is refused (403) and the new one
 * works; no token stays in the page or in localStorage once dismissed; the request history
 * copies commands aimed at the real address with `$VAULT_TOKEN`; the request panel's "Copy as"
 * shows each tool's snippet (copy-as.ts, run for real by test/clients/copy-as.integration.test.ts)
 * and copies what it shows.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { copyAs, type CopyTool } from '../../renderer/src/pages/request/copy-as';
import { screenshot } from '../support/browser';
import type { TestApp } from '../support/headless-app';
import { go, PASSPHRASE, send, uiSuite } from './support/ui-steps';

let app: TestApp;
let page: Page;
let problems: string[];
let apiUrl: string;
let firstToken: string;
let rotatedToken: string;
const step = uiSuite({ fixtures: [], vaultApi: true }, (session) => {
  ({ app, page, problems } = session);
  if (app.vaultApi === undefined) throw new Error('the Vault API did not start');
  apiUrl = app.vaultApi.url;
});

/** `GET /v1/auth/token/lookup-self` with `token`, as any Vault client sends it. */
async function lookupSelf(token: string): Promise<{ status: number; body: { data?: { id?: string; policies?: string[] }; errors?: string[] } }> {
  const response = await fetch(`${apiUrl}/v1/auth/token/lookup-self`, { headers: { 'X-Vault-Token': token } });
  return { status: response.status, body: (await response.json()) as { data?: { id?: string }; errors?: string[] } };
}

/** What the page keeps where it would outlive a dismissal: the DOM's text and localStorage. */
async function pageHolds(token: string): Promise<{ inDom: boolean; inLocalStorage: boolean }> {
  return page.evaluate((t) => {
    const stored = Object.keys(localStorage).map((key) => `${key}=${localStorage.getItem(key) ?? ''}`);
    return { inDom: document.body.innerHTML.includes(t), inLocalStorage: stored.join('\n').includes(t) };
  }, token);
}

step('first run shows the root token once, with a note that it is shown once', async () => {
  await page.getByRole('heading', { name: 'Set up Strongroom' }).waitFor();
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Confirm passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Mount secret/ as KV version 2').setChecked(false);
  await page.getByRole('button', { name: 'Initialise and unseal' }).click();
  const reveal = page.getByTestId('root-token-reveal');
  await reveal.waitFor();
  assert.equal((await page.getByTestId('status-vault-api').innerText()).trim(), `Vault API: ${apiUrl}`);
  firstToken = (await reveal.getByTestId('root-token').innerText()).trim();
  assert.match(firstToken, /^s\.[A-Za-z0-9]{20,}$/);
  assert.match(await reveal.innerText(), /shown once/);
  assert.equal(await reveal.getByRole('button', { name: 'Copy root token' }).count(), 1);
  await screenshot(page, 'vault-api-first-run-root-token');
});

step('the root token from the page works against the real Vault API', async () => {
  const answer = await lookupSelf(firstToken);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.body.data?.id, firstToken);
  assert.deepEqual(answer.body.data?.policies, ['root']);
});

step('after Continue the token is gone from the page and never was in localStorage', async () => {
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  assert.deepEqual(await pageHolds(firstToken), { inDom: false, inLocalStorage: false });
});

step("the Overview shows the API's real address and the export lines, the token as a placeholder", async () => {
  assert.match(apiUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  const panel = page.getByTestId('vault-api-panel');
  assert.equal((await panel.getByTestId('vault-api-address').innerText()).trim(), apiUrl);
  assert.equal((await panel.getByTestId('vault-addr-line').innerText()).trim(), `export VAULT_ADDR=${apiUrl}`);
  assert.equal((await panel.getByTestId('vault-token-line').innerText()).trim(), "export VAULT_TOKEN='<root token>'");
  assert.match(await panel.innerText(), /bao status/);
  const info = await app.services.dispatch('app.info', {});
  assert.ok(info.ok);
  assert.equal((info.result as { vaultApiAddress: string }).vaultApiAddress, apiUrl);
  await screenshot(page, 'vault-api-overview');
});

step('rotating the root token shows the new one once; the old one is refused with 403, the new one works', async () => {
  const panel = page.getByTestId('vault-api-panel');
  await panel.getByRole('button', { name: 'Rotate root token' }).click();
  await panel.getByRole('group', { name: 'Confirm root token rotation' }).waitFor();
  await panel.getByRole('button', { name: 'Revoke and make a new root token' }).click();
  const reveal = panel.getByTestId('root-token-reveal');
  await reveal.waitFor();
  rotatedToken = (await reveal.getByTestId('root-token').innerText()).trim();
  assert.match(rotatedToken, /^s\./);
  assert.notEqual(rotatedToken, firstToken);
  assert.match(await reveal.innerText(), /shown once/);
  assert.equal((await panel.getByTestId('vault-token-line').innerText()).trim(), `export VAULT_TOKEN=${rotatedToken}`);
  await screenshot(page, 'vault-api-rotated-root-token');

  const old = await lookupSelf(firstToken);
  assert.equal(old.status, 403);
  assert.deepEqual(old.body, { errors: ['permission denied'] });
  const fresh = await lookupSelf(rotatedToken);
  assert.equal(fresh.status, 200, JSON.stringify(fresh.body));
  assert.equal(fresh.body.data?.id, rotatedToken);
});

step('dismissing the new token removes it from the page; the token line is a placeholder again', async () => {
  const panel = page.getByTestId('vault-api-panel');
  await panel.getByRole('button', { name: 'Done, hide it' }).click();
  await panel.getByRole('button', { name: 'Rotate root token' }).waitFor();
  assert.equal((await panel.getByTestId('vault-token-line').innerText()).trim(), "export VAULT_TOKEN='<root token>'");
  assert.deepEqual(await pageHolds(rotatedToken), { inDom: false, inLocalStorage: false });
});

step('the request history copies vault and curl commands aimed at the real address, with $VAULT_TOKEN', async () => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.server.url).origin });
  await go(page, '#/request/sys/mounts?op=read', 'sys/mounts');
  await send(page, 'Read');
  const entry = page.getByTestId('history').getByRole('listitem').first();
  // The clipboard as a terminal would paste it, once the copy named by `prefix` has landed there.
  const copied = async (prefix: string) => {
    await page.waitForFunction(async (p) => (await navigator.clipboard.readText()).startsWith(p), prefix);
    return page.evaluate(() => navigator.clipboard.readText());
  };
  // The same snippets "Copy as" shows: the export line, then the call.
  await entry.getByRole('button', { name: 'Copy vault CLI' }).click();
  assert.equal(await copied(`export VAULT_ADDR=${apiUrl}\nvault`), `export VAULT_ADDR=${apiUrl}\nvault read sys/mounts`);
  await entry.getByRole('button', { name: 'Copy curl' }).click();
  assert.equal(await copied(`export VAULT_ADDR=${apiUrl}\ncurl`), `export VAULT_ADDR=${apiUrl}\ncurl --fail-with-body --header "X-Vault-Token: $VAULT_TOKEN" "$VAULT_ADDR/v1/sys/mounts"`);
  assert.deepEqual(problems, []);
});

step('"Copy as" shows the read as bao, vault, curl, hvac and node-vault, aimed at the real address, and copies what it shows', async () => {
  const menu = page.getByTestId('copy-as');
  await menu.locator('summary').click();
  const choices: Array<[string, CopyTool[]]> = [['CLI', ['bao', 'vault']], ['curl', ['curl']], ['hvac', ['hvac']], ['node-vault', ['node-vault']]];
  for (const [label, tools] of choices) {
    await menu.getByRole('group', { name: 'Copy as' }).getByRole('button', { name: label, exact: true }).click();
    for (const tool of tools) {
      const expected = copyAs(tool, { path: 'sys/mounts', operation: 'read' }, apiUrl);
      const shown = menu.getByTestId(`copy-as-${tool}`);
      assert.equal(await shown.getByTestId('copy-as-env').innerText(), expected.envLine);
      assert.equal(await shown.getByTestId('copy-as-code').innerText(), expected.code);
      await shown.getByRole('button', { name: `Copy ${tool}` }).click();
      await page.waitForFunction(async (text) => (await navigator.clipboard.readText()) === text, expected.code);
    }
  }
  assert.match(await menu.getByTestId('copy-as-node-vault').innerText(), /token: process\.env\.VAULT_TOKEN/);
  assert.deepEqual(await pageHolds(rotatedToken), { inDom: false, inLocalStorage: false });
  await screenshot(page, 'copy-as-node-vault');
  assert.deepEqual(problems, []);
});
