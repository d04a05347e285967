/**
 * Two engines written with a plugin framework, driven only through the forms they describe:
 * our Go fixture `strongroom-custom` (Vault's sdk/framework) and the TS SDK's hello example.
 * For each: register → enable → hello before config shows the plugin's error with its code →
 * config form (display default prefilled) → hello form → the greeting.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { buildPlugin } from '../../examples/ts/hello/build';
import { fixturePath } from '../fixtures/plugins/fixtures';
import { screenshot } from '../support/browser';
import type { TestApp } from '../support/headless-app';
import { copyIntoPluginDirectory, enableMount, go, registerPlugin, send, uiSuite } from './support/ui-steps';

let app: TestApp;
let page: Page;
let problems: string[];
let helloBinary: string;
const step = uiSuite({ fixtures: ['strongroom-custom'], initialise: true }, async (session) => {
  ({ app, page, problems } = session);
  helloBinary = (await buildPlugin()).file;
});

const engines = [
  { label: 'Go strongroom-custom', binary: () => fixturePath('strongroom-custom'), name: 'custom', version: 'v0.1.0', mount: 'custom/', shot: 'custom' },
  { label: 'TS hello', binary: () => helloBinary, name: 'hello-ts', version: 'v0.1.0', mount: 'hello/', shot: 'hello-ts' },
];

for (const engine of engines) {
  step(`${engine.label}: register and enable`, async () => {
    const file = await copyIntoPluginDirectory(app, engine.binary());
    await registerPlugin(page, file, engine.name, engine.version);
    await enableMount(page, `${engine.name}@${engine.version}`, engine.mount);
  });

  step(`${engine.label}: hello before config shows the plugin's error with its code`, async () => {
    await go(page, `#/request/${engine.mount}hello/world?op=read`, `${engine.mount}hello/world`);
    await send(page, 'Read');
    const error = page.getByTestId('error-notice');
    assert.match(await error.innerText(), /plugin is not configured yet/);
    assert.ok(((await error.getAttribute('data-code')) ?? '') !== '');
    await screenshot(page, `${engine.shot}-error-not-configured`);
  });

  step(`${engine.label}: config form, with the display default prefilled`, async () => {
    await go(page, `#/browse/${engine.mount}`, `Browse ${engine.mount}`);
    // By keyboard: folders sort first, so config is the last root entry.
    const tree = page.getByRole('tree', { name: `Paths of ${engine.mount}` });
    await tree.focus();
    await tree.press('End');
    await tree.press('Enter');
    await page.getByRole('treeitem', { name: 'config', exact: true, selected: true }).waitFor();
    await page.getByRole('region', { name: `Operations on ${engine.mount}config` }).getByRole('link', { name: 'Write' }).click();
    const prefix = page.getByRole('textbox', { name: /^Custom prefix \(required\)/ });
    assert.equal(await prefix.inputValue(), 'Hello, ');
    await prefix.fill('Greetings, ');
    await screenshot(page, `${engine.shot}-config-form`);
    await send(page, 'Write');
    await page.getByTestId('response').waitFor();
  });

  step(`${engine.label}: hello form greets with the configured prefix`, async () => {
    await go(page, `#/browse/${engine.mount}`, `Browse ${engine.mount}`);
    await page.getByRole('treeitem', { name: 'hello/', exact: true }).click();
    await page.getByRole('treeitem', { name: '{name}', exact: true }).click();
    await page.getByRole('region', { name: `Operations on ${engine.mount}hello/{name}` }).getByRole('link', { name: 'Read' }).click();
    await page.getByRole('textbox', { name: /^name \(required\)/ }).fill('platform-team');
    await send(page, 'Read');
    const response = page.getByTestId('response');
    await response.getByRole('button', { name: 'Show values' }).click();
    assert.match(await response.innerText(), /"Greetings, platform-team"/);
    await screenshot(page, `${engine.shot}-hello-response`);
  });
}

step('TS hello: a ticket is a leased secret; revoking it on the Leases page reaches the plugin', async () => {
  await go(page, '#/request/hello/ticket/world?op=read', 'hello/ticket/world');
  await send(page, 'Read');
  const lease = page.getByTestId('response-lease');
  assert.match(await lease.innerText(), /^Lease hello\/ticket\/world\/[A-Za-z0-9]{24} · TTL 60s · renewable/);
  await screenshot(page, 'hello-ts-ticket-lease');
  await lease.getByRole('link', { name: 'renew or revoke it on the Leases page' }).click();
  const row = page.getByTestId('leases-table').getByRole('row').filter({ hasText: 'hello/ticket/world/' });
  await row.getByRole('button', { name: 'Revoke' }).click();
  await page.getByText('No lease. Engines that issue dynamic secrets create them.').waitFor();
  // The plugin's revoke handler ran: its only ticket is gone.
  const tickets = await app.services.dispatch('requests.handle', { path: 'hello/tickets/', operation: 'list' });
  assert.deepEqual(tickets.ok ? (tickets.result as { data: unknown }).data : tickets.error, { keys: [] });
});

step('TS hello: 55 tickets page 50 + 5 on the Leases page, and one confirmed click revokes them all', async () => {
  for (let i = 0; i < 55; i += 1) {
    const reply = await app.services.dispatch('requests.handle', { path: `hello/ticket/t${String(i).padStart(2, '0')}`, operation: 'read' });
    assert.ok(reply.ok, JSON.stringify(reply));
  }
  await go(page, '#/leases', 'Leases');
  const rows = page.getByTestId('leases-table').locator('tbody tr');
  await page.getByText('55 leases').waitFor();
  assert.equal(await rows.count(), 50);
  await page.getByRole('button', { name: 'Next →' }).click();
  await page.getByText('Page 2').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="leases-table"] tbody tr').length === 5);
  assert.match(await rows.first().innerText(), /^hello\/ticket\/t5[0-4]\//);
  await page.getByRole('button', { name: '← Previous' }).click();
  await page.getByText('Page 1').waitFor();

  await page.getByLabel('Prefix').fill('hello/ticket/');
  await page.getByRole('button', { name: 'Revoke all under hello/ticket/…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Revoke 55 leases under hello/ticket/?' });
  await screenshot(page, 'leases-revoke-prefix-confirm');
  await dialog.getByRole('button', { name: 'Revoke 55 leases' }).click();
  await page.getByText('No lease under hello/ticket/. Engines that issue dynamic secrets create them.').waitFor();
  const tickets = await app.services.dispatch('requests.handle', { path: 'hello/tickets/', operation: 'list' });
  assert.deepEqual(tickets.ok ? (tickets.result as { data: unknown }).data : tickets.error, { keys: [] }, 'every revoke reached the plugin');
});

step('no page or console errors', async () => {
  assert.deepEqual(problems, []);
});
