/**
 * The whole path a person takes with HashiCorp's KV engine, in Chromium against the headless
 * mode: first run and unseal → register the binary from disk → enable it at secret/ (version=2)
 * → write app/db → browse to it → read → new version → delete → kill -9 the plugin → the UI
 * shows it crashed → the next read restarts it. A screenshot of every page goes to test-results/.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { fixturePath } from '../fixtures/plugins/fixtures';
import { screenshot } from '../support/browser';
import type { TestApp } from '../support/headless-app';
import { continuePastRootToken, copyIntoPluginDirectory, enableMount, fillPairs, go, PASSPHRASE, pluginPid, registerPlugin, send, uiSuite } from './support/ui-steps';

let app: TestApp;
let page: Page;
let problems: string[];
const step = uiSuite({ fixtures: ['vault-plugin-secrets-kv'] }, (session) => {
  ({ app, page, problems } = session);
});

step('first run: mismatched passphrases are refused, then init unseals', async () => {
  await page.getByRole('heading', { name: 'Set up Strongroom' }).waitFor();
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Confirm passphrase', { exact: true }).fill(`${PASSPHRASE}!`);
  await page.getByRole('button', { name: 'Initialise and unseal' }).click();
  await page.getByText('The two passphrases do not match').waitFor();
  await screenshot(page, 'first-run-passphrase-mismatch');
  await page.getByLabel('Confirm passphrase', { exact: true }).fill(PASSPHRASE);
  // This walk registers and mounts KV itself (first-run.e2e shows the built-in secret/).
  await page.getByLabel('Mount secret/ as KV version 2').uncheck();
  await page.getByRole('button', { name: 'Initialise and unseal' }).click();
  await continuePastRootToken(page);
  await screenshot(page, 'overview-empty');
});

step('seal, a wrong passphrase says so, the right one unseals', async () => {
  await page.getByRole('button', { name: 'Seal' }).click();
  await page.getByRole('heading', { name: /Strongroom is sealed/ }).waitFor();
  await page.getByLabel('Passphrase', { exact: true }).fill('not the passphrase');
  await page.getByRole('button', { name: 'Unseal' }).click();
  await page.getByTestId('wrong-passphrase').waitFor();
  await screenshot(page, 'unseal-wrong-passphrase');
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unseal' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
});

step('register the KV engine from the plugin directory, sha256 computed with progress', async () => {
  const file = await copyIntoPluginDirectory(app, fixturePath('vault-plugin-secrets-kv'));
  await registerPlugin(page, file, 'kv', 'v0.25.0');
  const row = page.getByTestId('catalog-table').getByRole('row', { name: /^kv v0\.25\.0 / });
  assert.match(await row.innerText(), /v0\.25\.0/);
  assert.match(await row.innerText(), /secret/);
  await screenshot(page, 'plugins-registered');
});

step('enable it at secret/ with version=2', async () => {
  await enableMount(page, 'kv@v0.25.0', 'secret/', { version: '2' });
  const row = page.locator('tr[data-mount="secret/"]');
  assert.match(await row.innerText(), /version=2/);
  await screenshot(page, 'mounts');
});

step('write app/db with two fields from the form the plugin describes', async () => {
  await go(page, '#/browse/secret/', /Browse secret\//);
  await page.getByRole('treeitem', { name: 'data/', exact: true }).click();
  await page.getByRole('treeitem', { name: '{path}', exact: true }).click();
  const card = page.getByRole('region', { name: 'Operations on secret/data/{path}' });
  await screenshot(page, 'browse-template');
  await card.getByRole('link', { name: 'Write' }).click();
  await page.getByRole('textbox', { name: /^path \(required\)/ }).fill('app/db');
  await fillPairs(page, 'data', [
    ['username', 'admin'],
    ['password', 's3cret-1'],
  ]);
  await screenshot(page, 'request-write-form');
  await send(page, 'Write');
  const response = page.getByTestId('response');
  await response.getByText('"version"').or(response.getByText('version:')).first().waitFor();
  assert.match(await response.innerText(), /version: 1/);
  await screenshot(page, 'request-write-response');
});

step('browse to it by LIST and read it', async () => {
  await go(page, '#/browse/secret/', /Browse secret\//);
  await page.getByRole('treeitem', { name: 'metadata/', exact: true }).click();
  await page.getByRole('treeitem', { name: 'app/', exact: true }).click();
  await page.getByRole('treeitem', { name: 'db', exact: true }).click();
  const panel = page.getByTestId('operations-panel');
  await panel.getByRole('region', { name: 'Operations on secret/data/app/db' }).waitFor();
  await screenshot(page, 'browse-kv');
  await panel.getByRole('region', { name: 'Operations on secret/data/app/db' }).getByRole('link', { name: 'Read' }).click();
  await send(page, 'Read');
  const response = page.getByTestId('response');
  assert.doesNotMatch(await response.innerText(), /s3cret-1/, 'values are masked until shown');
  await response.getByRole('button', { name: 'Show values' }).click();
  assert.match(await response.innerText(), /"s3cret-1"/);
  assert.match(await response.innerText(), /"admin"/);
  await page.getByTestId('storage-trace').waitFor();
  await screenshot(page, 'request-read');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'request-read-dark');
  await page.emulateMedia({ colorScheme: 'light' });
});

step('write a new version, then delete it', async () => {
  await page.getByRole('navigation', { name: 'Operations' }).getByRole('link', { name: 'Write' }).click();
  await fillPairs(page, 'data', [
    ['username', 'admin'],
    ['password', 's3cret-2'],
  ]);
  await send(page, 'Write');
  assert.match(await page.getByTestId('response').innerText(), /version: 2/);
  await page.getByRole('navigation', { name: 'Operations' }).getByRole('link', { name: 'Delete' }).click();
  await send(page, 'Delete');
  assert.match(await page.getByTestId('response').innerText(), /No data/);
  assert.equal(await page.getByTestId('history').getByRole('listitem').count(), 4);
  await screenshot(page, 'request-delete-history');
});

step("the plugin's events (pb.Events) are answered and shown", async () => {
  await go(page, '#/plugins', 'Plugins');
  const events = page.getByTestId('events-table');
  await events.getByRole('rowheader', { name: 'kv-v2/data-write' }).first().waitFor();
  await events.getByRole('rowheader', { name: 'kv-v2/data-delete' }).first().waitFor();
  await screenshot(page, 'plugins-events');
});

step('kill -9 the plugin: the UI shows it crashed, and the next read restarts it', async () => {
  const pid = await pluginPid(page, 'kv');
  process.kill(pid, 'SIGKILL');
  const row = page.locator('tr[data-plugin="kv"]');
  await row.locator('[data-state="crashed"]').waitFor();
  await screenshot(page, 'plugins-crashed');

  await go(page, '#/request/secret/metadata/app/db?op=read', 'secret/metadata/app/db');
  await send(page, 'Read');
  const response = page.getByTestId('response');
  await response.getByRole('button', { name: 'Show values' }).click();
  assert.match(await response.innerText(), /current_version: 2/);

  const restartedPid = await pluginPid(page, 'kv');
  assert.notEqual(restartedPid, pid);
  assert.match(await row.innerText(), /\b1\b/, 'one restart is counted');
  await screenshot(page, 'plugins-restarted');
});

step('leases and audit pages', async () => {
  await go(page, '#/leases', 'Leases');
  await screenshot(page, 'leases');
  await go(page, '#/audit', 'Audit log');
  await page.getByTestId('audit-table').waitFor();
  assert.match(await page.getByTestId('audit-table').innerText(), /secret\/data\/app\/db/);
  await screenshot(page, 'audit');
  await go(page, '#/overview', 'Overview');
  await screenshot(page, 'overview');
});

step('rotate the key and change the passphrase; then only the new passphrase unseals, and app/db still reads', async () => {
  await go(page, '#/overview', 'Overview');
  assert.match(await page.getByTestId('key-term').innerText(), /key term 1, created/);
  await page.getByRole('button', { name: 'Rotate the key' }).click();
  await page.getByTestId('key-term').getByText(/key term 2, created/).waitFor();

  const next = 'a brand new passphrase for this test';
  await page.getByLabel('Current passphrase', { exact: true }).fill('not the passphrase');
  await page.getByLabel('New passphrase', { exact: true }).fill(next);
  await page.getByLabel('Confirm new passphrase', { exact: true }).fill(next);
  await page.getByRole('button', { name: 'Change passphrase' }).click();
  await page.getByText(/does not unseal this storage/).waitFor();
  await page.getByLabel('Current passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Change passphrase' }).click();
  await page.getByText('Passphrase changed. Use the new one the next time you unseal.').waitFor();
  await screenshot(page, 'overview-encryption');

  await page.getByRole('button', { name: 'Seal' }).click();
  await page.getByRole('heading', { name: /Strongroom is sealed/ }).waitFor();
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unseal' }).click();
  await page.getByTestId('wrong-passphrase').waitFor();
  await page.getByLabel('Passphrase', { exact: true }).fill(next);
  await page.getByRole('button', { name: 'Unseal' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  const read = await app.services.dispatch('requests.handle', { path: 'secret/data/app/db', operation: 'read' });
  assert.ok(read.ok, JSON.stringify(read));
  assert.deepEqual(problems, []);
});

step('tune, move, then disable with a confirmation', async () => {
  await go(page, '#/mounts', 'Mounts');
  await page.getByRole('button', { name: 'Tune secret/' }).click();
  const tune = page.getByRole('dialog', { name: 'Tune secret/' });
  await tune.getByLabel('Description').fill('Application secrets');
  await tune.getByLabel('Default lease TTL').fill('1h');
  await screenshot(page, 'mounts-tune-dialog');
  await tune.getByRole('button', { name: 'Save' }).click();
  const row = page.locator('tr[data-mount="secret/"]');
  await row.getByText('Application secrets').waitFor();
  assert.match(await row.innerText(), /1h/);

  await page.getByRole('button', { name: 'Move secret/' }).click();
  const move = page.getByRole('dialog', { name: 'Move secret/' });
  await move.getByLabel('New path').fill('apps/');
  await move.getByRole('button', { name: 'Move' }).click();
  await page.locator('tr[data-mount="apps/"]').waitFor();

  await page.getByRole('button', { name: 'Disable apps/' }).click();
  const confirm = page.getByRole('dialog', { name: 'Disable apps/?' });
  const disable = confirm.getByRole('button', { name: 'Disable and delete data' });
  assert.equal(await disable.isDisabled(), true, 'nothing is deleted until the path is typed');
  await confirm.getByLabel(/to confirm/).fill('apps/');
  await screenshot(page, 'mounts-disable-confirm');
  await disable.click();
  await page.locator('tr[data-mount="apps/"]').waitFor({ state: 'detached' });
  assert.deepEqual(problems, []);
});
