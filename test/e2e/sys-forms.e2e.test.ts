/**
 * `sys/` in the request browser like any plugin, in Chromium: its card on Browse, its help and
 * path tree from its declarations, and a form generated from its OpenAPI (mounts/<path>/tune)
 * that writes, reads back, and shows the field error for bad input.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { fixturePath } from '../fixtures/plugins/fixtures';
import { screenshot } from '../support/browser';
import type { TestApp } from '../support/headless-app';
import { copyIntoPluginDirectory, enableMount, go, registerPlugin, send, uiSuite } from './support/ui-steps';

let app: TestApp;
let page: Page;
let problems: string[];
const step = uiSuite({ fixtures: ['vault-plugin-secrets-kv'], initialise: true }, (session) => {
  ({ app, page, problems } = session);
});

step('register KV and mount it at secret/', async () => {
  const file = await copyIntoPluginDirectory(app, fixturePath('vault-plugin-secrets-kv'));
  await registerPlugin(page, file, 'kv', 'v0.1.0');
  await enableMount(page, 'kv@v0.1.0', 'secret/', { version: '2' });
});

step('Browse offers sys/; its help and tree come from its declarations', async () => {
  await go(page, '#/browse/', 'Browse');
  await page.locator('a.mount-card', { hasText: 'sys/' }).click();
  await page.getByRole('heading', { name: 'Browse sys/' }).waitFor();
  const help = page.getByTestId('mount-help');
  await help.getByRole('heading', { name: 'DESCRIPTION', level: 3 }).waitFor();
  assert.match(await help.innerText(), /The built-in system backend: mounts and their tuning/);
  const tree = page.getByRole('tree', { name: 'Paths of sys/' });
  for (const name of ['mounts/', 'leases/', 'plugins/', 'rotate']) await tree.getByRole('treeitem', { name, exact: true }).waitFor();
  await tree.getByRole('treeitem', { name: 'mounts/', exact: true }).click();
  await tree.getByRole('treeitem', { name: '{path}', exact: true }).waitFor();
  await screenshot(page, 'sys-browse');
});

step('the tune form is generated from the OpenAPI: write new TTLs, read them back', async () => {
  await go(page, '#/request/sys/mounts/secret/tune?op=write', 'sys/mounts/secret/tune');
  const form = page.getByTestId('operation-form');
  assert.match(await page.locator('.op-summary').innerText(), /Change a mount's tunable settings/);
  await form.getByRole('textbox', { name: /^default_lease_ttl/ }).fill('1h');
  await form.getByRole('textbox', { name: /^max_lease_ttl/ }).fill('24h');
  await form.getByRole('textbox', { name: /^description/ }).fill('tuned from a generated form');
  await screenshot(page, 'sys-tune-form');
  await send(page, 'Write');
  await page.getByTestId('response').waitFor();

  await page.getByRole('navigation', { name: 'Operations' }).getByRole('link', { name: 'Read' }).click();
  await send(page, 'Read');
  const response = page.getByTestId('response');
  const shown = response.getByRole('button', { name: 'Show values' });
  if ((await shown.count()) > 0) await shown.click();
  const text = await response.innerText();
  assert.match(text, /tuned from a generated form/);
  assert.match(text, /3600/);
  assert.match(text, /86400/);
  await screenshot(page, 'sys-tune-read');
  const reply = await app.services.dispatch('requests.handle', { path: 'sys/mounts/secret/tune', operation: 'read' });
  assert.ok(reply.ok, JSON.stringify(reply));
  assert.equal((reply.result as { data: { default_lease_ttl: number } }).data.default_lease_ttl, 3600);
});

step('bad input in the form gets the field error and changes nothing', async () => {
  await go(page, '#/request/sys/mounts/secret/tune?op=write', 'sys/mounts/secret/tune');
  const form = page.getByTestId('operation-form');
  await form.getByRole('textbox', { name: /^max_lease_ttl/ }).fill('500ms');
  await send(page, 'Write');
  const error = page.getByTestId('error-notice');
  assert.match(await error.innerText(), /max_lease_ttl.*whole seconds/);
  assert.equal(await error.getAttribute('data-code'), 'invalid_request');
  await screenshot(page, 'sys-tune-error');
  const reply = await app.services.dispatch('requests.handle', { path: 'sys/mounts/secret/tune', operation: 'read' });
  assert.ok(reply.ok);
  assert.equal((reply.result as { data: { max_lease_ttl: number } }).data.max_lease_ttl, 86400);
});

step('no page or console errors', async () => {
  assert.deepEqual(problems, []);
});
