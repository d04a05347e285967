/**
 * Leases in the UI with a real plugin: Vault's KV engine mounted as v1 with leased_passthrough
 * issues a renewable lease when a value stored with a ttl is read. The page lists it, renews it
 * and revokes it. (The read that issues the lease is sent through the contract, as an API client
 * would; everything on the page is done by clicking.)
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { fixturePath } from '../fixtures/plugins/fixtures';
import { screenshot } from '../support/browser';
import type { TestApp } from '../support/headless-app';
import { copyIntoPluginDirectory, enableMount, go, initialise, registerPlugin, uiSuite } from './support/ui-steps';

let app: TestApp;
let page: Page;
let problems: string[];
const step = uiSuite({ fixtures: ['vault-plugin-secrets-kv'] }, (session) => {
  ({ app, page, problems } = session);
});

async function call(method: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const reply = await app.services.dispatch(method, args);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
  return reply.result as Record<string, unknown>;
}

step('a leased KV mount issues a lease on read', async () => {
  await initialise(page);
  const file = await copyIntoPluginDirectory(app, fixturePath('vault-plugin-secrets-kv'));
  await registerPlugin(page, file, 'kv', 'v0.25.0');
  await enableMount(page, 'kv@v0.25.0', 'leased/', { version: '1', leased_passthrough: 'true' });
  await call('requests.handle', { path: 'leased/db', operation: 'write', data: { ttl: '30m', password: 'pw' } });
  const read = await call('requests.handle', { path: 'leased/db', operation: 'read' });
  assert.match(String((read['secret'] as { leaseId: string }).leaseId), /^leased\/db\//);
});

step('the leases page lists the lease; renew keeps it, revoke removes it', async () => {
  await go(page, '#/leases', 'Leases');
  const table = page.getByTestId('leases-table');
  const row = table.getByRole('row').filter({ hasText: 'leased/db/' });
  await row.waitFor();
  await screenshot(page, 'leases-with-lease');
  await row.getByRole('button', { name: 'Renew' }).click();
  await row.waitFor();
  await row.getByRole('button', { name: 'Revoke' }).click();
  await page.getByText('No lease. Engines that issue dynamic secrets create them.').waitFor();
  const listed = await call('leases.list', {});
  assert.equal(listed['total'], 0);
  await screenshot(page, 'leases-after-revoke');
  assert.deepEqual(problems, []);
});

step('the audit log pages: older entries on page 2, back to the newest', async () => {
  // Sixty reads through the API: 120 audit entries, more than two pages of 50.
  for (let i = 0; i < 60; i += 1) await call('requests.handle', { path: 'leased/db', operation: 'read' });
  await go(page, '#/audit', 'Audit log');
  const rows = page.getByTestId('audit-table').locator('tbody tr');
  await page.getByText('Page 1').waitFor();
  assert.equal(await rows.count(), 50);
  const newestOnPage1 = Number(await rows.first().getAttribute('data-seq'));
  const oldestOnPage1 = Number(await rows.last().getAttribute('data-seq'));
  await page.getByRole('button', { name: 'Older →' }).click();
  await page.getByText('Page 2').waitFor();
  await page.waitForFunction((seq) => Number(document.querySelector('[data-testid="audit-table"] tbody tr')?.getAttribute('data-seq')) < seq, oldestOnPage1);
  assert.equal(await rows.count(), 50);
  assert.ok(Number(await rows.first().getAttribute('data-seq')) < oldestOnPage1, 'page 2 starts below page 1');
  await screenshot(page, 'audit-page-2');
  await page.getByRole('button', { name: '← Newer' }).click();
  await page.getByText('Page 1').waitFor();
  await page.waitForFunction((seq) => Number(document.querySelector('[data-testid="audit-table"] tbody tr')?.getAttribute('data-seq')) === seq, newestOnPage1);
  assert.deepEqual(problems, []);
});
