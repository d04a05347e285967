/**
 * The audit log says which token made each request, in Chromium against the headless mode with the
 * Vault API: a request over the API with a token made on the Access page shows its accessor and
 * display name; once the token is revoked the same rows say "revoked"; this window's own requests
 * show no token.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { screenshot } from '../support/browser';
import type { TestApp } from '../support/headless-app';
import { go, initialise, uiSuite } from './support/ui-steps';

let app: TestApp;
let page: Page;
let problems: string[];
let accessor: string;
const step = uiSuite({ fixtures: [], vaultApi: true }, (session) => {
  ({ app, page, problems } = session);
});

function lookupRows() {
  return page.getByTestId('audit-table').locator('tbody tr', { hasText: 'auth/token/lookup-self' });
}

step('a request with a token shows its accessor and display name', async () => {
  await initialise(page);
  await go(page, '#/access', 'Access');
  const form = page.getByRole('form', { name: 'Create token' });
  await form.getByLabel('Display name').fill('nightly-backup');
  await form.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('new-token-id').innerText()).trim();
  await page.getByTestId('new-token').getByRole('button', { name: 'Done, hide it' }).click();
  assert.ok(app.vaultApi !== undefined);
  const reply = await fetch(`${app.vaultApi.url}/v1/auth/token/lookup-self`, { headers: { 'X-Vault-Token': token } });
  assert.equal(reply.status, 200);
  accessor = ((await reply.json()) as { data: { accessor: string } }).data.accessor;

  await go(page, '#/audit', 'Audit log');
  await page.getByLabel('Path prefix').fill('auth/token/lookup-self');
  await lookupRows().first().waitFor();
  const cells = await lookupRows().getByTestId('audit-token').allInnerTexts();
  assert.deepEqual(cells, [`token-nightly-backup ${accessor}`, `token-nightly-backup ${accessor}`], 'the request and its response');
  await screenshot(page, 'audit-token-live');
});

step('once the token is revoked its rows say "revoked"; the owner\'s rows show no token', async () => {
  await go(page, '#/access', 'Access');
  await page.getByTestId('tokens-table').locator(`tr[data-accessor="${accessor}"]`).getByRole('button', { name: 'Revoke…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke 1 token' }).click();
  await page.getByTestId('tokens-table').locator(`tr[data-accessor="${accessor}"]`).waitFor({ state: 'detached' });
  await go(page, '#/audit', 'Audit log');
  await page.getByLabel('Path prefix').fill('auth/token/');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await lookupRows().getByText('revoked').first().waitFor();
  assert.deepEqual(await lookupRows().getByTestId('audit-token').allInnerTexts(), [`revoked ${accessor}`, `revoked ${accessor}`]);
  const revokeRow = page.getByTestId('audit-table').locator('tbody tr', { hasText: 'auth/token/revoke-accessor' }).first();
  assert.equal(await revokeRow.getByText('no token', { exact: true }).count(), 1, 'the Access page acts as the owner');
  await screenshot(page, 'audit-token-revoked');
  assert.deepEqual(problems, []);
});
