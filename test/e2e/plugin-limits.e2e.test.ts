/**
 * The Plugins page's limits and live figures, in Chromium against the headless mode: register the
 * misbehave fixture → set its memory ceiling in Catalog → Limits → enable a mount → the process row
 * shows memory against the ceiling, CPU, the running version and sha256 → lowering the ceiling
 * below its use ends it with plugin_memory_exceeded, shown without reloading the page → a mount's
 * request timeout is set in Tune. Screenshots go to test-results/.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { fixturePath } from '../fixtures/plugins/fixtures';
import { screenshot } from '../support/browser';
import type { TestApp } from '../support/headless-app';
import { copyIntoPluginDirectory, enableMount, go, initialise, uiSuite } from './support/ui-steps';

let app: TestApp;
let page: Page;
let problems: string[];
const step = uiSuite({ fixtures: ['strongroom-misbehave'] }, (session) => {
  ({ app, page, problems } = session);
});

const row = () => page.locator('tr[data-plugin="mb"]');

step('register the misbehave fixture; its catalog row shows the default limits', async () => {
  await initialise(page);
  const file = await copyIntoPluginDirectory(app, fixturePath('strongroom-misbehave'));
  await go(page, '#/plugins', 'Plugins');
  const form = page.getByTestId('register-form');
  await form.getByLabel('Binary').fill(file);
  await form.getByRole('button', { name: 'Compute sha256' }).click();
  await form.getByTestId('sha256').waitFor();
  await form.getByLabel('Name').fill('mb');
  await form.getByLabel('Arguments').fill('serve');
  await form.getByRole('button', { name: 'Register' }).click();
  const catalogRow = page.getByTestId('catalog-table').getByRole('row', { name: /mb/ });
  await catalogRow.waitFor();
  assert.equal(await catalogRow.getByTestId('catalog-limits').innerText(), '1024 MiB · start 30 s');
});

step('Catalog → Limits sets the memory ceiling and start timeout', async () => {
  const catalogRow = page.getByTestId('catalog-table').getByRole('row', { name: /mb/ });
  await catalogRow.getByRole('button', { name: 'Limits' }).click();
  const dialog = page.getByRole('dialog', { name: 'Limits of mb' });
  await dialog.getByLabel('Memory ceiling (MiB)').fill('256');
  await dialog.getByLabel('Start timeout (s)').fill('45');
  await screenshot(page, 'plugins-limits-dialog');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByTestId('catalog-limits').getByText('256 MiB · start 45 s').waitFor();
});

step('the process row shows memory against the ceiling, CPU, and the running version and sha256', async () => {
  await enableMount(page, 'mb@', 'mb/');
  await go(page, '#/plugins', 'Plugins');
  await row().getByTestId('process-memory').waitFor();
  const memory = await row().getByTestId('process-memory').innerText();
  assert.match(memory, /^\d+\.\d MiB \/ 256 MiB/);
  assert.match(await row().getByTestId('process-cpu').innerText(), /^\d+%$/);
  await row().getByTestId('process-running').getByText('v0.9.1-misbehave').waitFor();
  const sha = createHash('sha256').update(fs.readFileSync(fixturePath('strongroom-misbehave'))).digest('hex');
  const shown = await row().getByTestId('process-running').locator('.mono').getAttribute('title');
  assert.equal(shown, `running_sha256 ${sha}`);
  await screenshot(page, 'plugins-process-resources');
});

step('a ceiling below its use ends the process with plugin_memory_exceeded, shown live', async () => {
  const catalogRow = page.getByTestId('catalog-table').getByRole('row', { name: /mb/ });
  await catalogRow.getByRole('button', { name: 'Limits' }).click();
  const dialog = page.getByRole('dialog', { name: 'Limits of mb' });
  await dialog.getByLabel('Memory ceiling (MiB)').fill('16');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await row().getByText('plugin_memory_exceeded').waitFor();
  await row().locator('[data-state="over memory ceiling"]').waitFor();
  assert.match(await row().innerText(), /over its ceiling of 16 MiB/);
  await screenshot(page, 'plugins-memory-exceeded');
});

step('Mounts → Tune sets the mount request timeout', async () => {
  await go(page, '#/mounts', 'Mounts');
  await page.getByRole('button', { name: 'Tune mb/' }).click();
  const dialog = page.getByRole('dialog', { name: 'Tune mb/' });
  await dialog.getByLabel('Request timeout').fill('2m');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });
  const reply = await app.services.dispatch('mounts.list', {});
  assert.ok(reply.ok);
  const mount = (reply.result as { mounts: Array<{ path: string; requestTimeout: number }> }).mounts.find((m) => m.path === 'mb/');
  assert.equal(mount?.requestTimeout, 120);
  await page.getByRole('button', { name: 'Tune mb/' }).click();
  assert.equal(await page.getByRole('dialog', { name: 'Tune mb/' }).getByLabel('Request timeout').inputValue(), '2m');
  await screenshot(page, 'mounts-tune-request-timeout');
  assert.deepEqual(problems, []);
});
