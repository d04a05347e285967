/**
 * The Access page's policies, in Chromium against the headless mode: a new policy's HCL is checked
 * as it is typed (the parser's line and column, and a button that selects the spot), saved once it
 * parses, listed and stored as typed; `default` and `root` cannot be deleted (the refusal says why); the
 * "what may this token do" checker answers by accessor what `sys/capabilities` answers the token
 * itself over the Vault API, and the token pasted gets the same; a deleted policy leaves the list.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { screenshot } from '../support/browser';
import type { TestApp } from '../support/headless-app';
import { go, initialise, uiSuite } from './support/ui-steps';

let app: TestApp;
let page: Page;
let problems: string[];
const step = uiSuite({ fixtures: [], vaultApi: true }, (session) => {
  ({ app, page, problems } = session);
});

const GOOD = 'path "secret/data/app" {\n  capabilities = ["read", "list"]\n}\n';
const BROKEN = 'path "secret/data/app" {\n  capabilities = ["read"\n}\n';

function policyList() {
  return page.getByRole('list', { name: 'Policies' });
}

step('a new policy is checked as it is typed, with the line and column of a mistake', async () => {
  await initialise(page);
  await go(page, '#/access', 'Access');
  await page.getByRole('form', { name: 'New policy' }).getByLabel('New policy named').fill('app-reader');
  await page.getByRole('button', { name: 'Write it' }).click();
  const editor = page.getByTestId('policy-editor');
  await editor.getByRole('heading', { name: 'New policy app-reader' }).waitFor();
  await editor.getByLabel('HCL').fill(BROKEN);
  const check = editor.getByTestId('policy-check');
  await check.getByText(/At 3:1:/).waitFor();
  await editor.getByRole('button', { name: 'Show line 3, column 1' }).click();
  const selected = await editor.getByLabel('HCL').evaluate((el: HTMLTextAreaElement) => [el.selectionStart, el.value.slice(el.selectionStart, el.selectionEnd)]);
  assert.deepEqual(selected, [BROKEN.indexOf('\n}') + 1, '}'], 'the spot the parser named is selected');
  assert.equal(await editor.getByRole('button', { name: 'Save' }).isDisabled(), true);
  await screenshot(page, 'access-policy-syntax-error');
  await editor.getByLabel('HCL').fill(GOOD.replace('"list"', '"lsit"'));
  await check.getByText(/invalid capability "lsit"/).waitFor();
});

step('once it parses it is saved, listed and stored as typed', async () => {
  const editor = page.getByTestId('policy-editor');
  await editor.getByLabel('HCL').fill(GOOD);
  await editor.getByTestId('policy-check').getByText('Parses: 1 path block.').waitFor();
  await editor.getByRole('button', { name: 'Save' }).click();
  await editor.getByText(/^Saved\./).waitFor();
  await policyList().getByRole('button', { name: 'app-reader' }).waitFor();
  const stored = await app.services.dispatch('requests.handle', { path: 'sys/policies/acl/app-reader', operation: 'read' });
  assert.ok(stored.ok);
  assert.equal((stored.result as { data: { policy: string } }).data.policy, GOOD);
});

step('default and root cannot be deleted, and the refusal says why', async () => {
  await policyList().getByRole('button', { name: 'default', exact: true }).click();
  const editor = page.getByTestId('policy-editor');
  await editor.getByRole('heading', { name: 'Policy default' }).waitFor();
  await editor.getByTestId('policy-check').getByText(/^Parses:/).waitFor();
  await editor.getByRole('button', { name: 'Delete default' }).click();
  await editor.getByRole('alert').getByText(/cannot delete default policy/).waitFor();
  await policyList().getByRole('button', { name: 'default', exact: true }).waitFor();
  await policyList().getByRole('button', { name: 'root', exact: true }).click();
  const root = page.getByTestId('policy-editor');
  await root.getByRole('heading', { name: 'Policy root' }).waitFor();
  await root.getByRole('button', { name: 'Delete root' }).click();
  await root.getByRole('alert').getByText(/cannot delete "root" policy/).waitFor();
  await root.getByRole('button', { name: 'Close' }).click();
});

step('the checker answers by accessor what sys/capabilities answers the token itself', async () => {
  const form = page.getByRole('form', { name: 'Create token' });
  await form.getByLabel('app-reader').check();
  await form.getByLabel('default').uncheck();
  await form.getByLabel('Display name').fill('reader');
  await form.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('new-token-id').innerText()).trim();
  await page.getByTestId('new-token').getByRole('button', { name: 'Done, hide it' }).click();
  await page.getByRole('button', { name: 'Refresh' }).click();
  const paths = ['secret/data/app', 'secret/data/other', 'sys/mounts'];
  assert.ok(app.vaultApi !== undefined);
  const reply = await fetch(`${app.vaultApi.url}/v1/sys/capabilities-self`, { method: 'POST', headers: { 'X-Vault-Token': token }, body: JSON.stringify({ paths }) });
  const fromApi = ((await reply.json()) as { data: Record<string, string[]> }).data;
  assert.deepEqual(fromApi['secret/data/app'], ['list', 'read']);

  const checker = page.getByRole('form', { name: 'Capabilities check' });
  const option = checker.getByRole('combobox', { name: 'Accessor' }).locator('option', { hasText: 'token-reader' });
  await option.waitFor({ state: 'attached' });
  await checker.getByRole('combobox', { name: 'Accessor' }).selectOption((await option.getAttribute('value')) ?? '');
  await checker.getByLabel('Paths (one a line)').fill(paths.join('\n'));
  await checker.getByRole('button', { name: 'Check' }).click();
  const answer = checker.getByTestId('capabilities-answer');
  await answer.waitFor();
  for (const p of paths) {
    assert.equal(await answer.getByRole('row', { name: p }).getByRole('cell').innerText(), (fromApi[p] ?? []).join(', '), p);
  }
  await screenshot(page, 'access-capabilities');

  // The token itself, pasted, gets the same answer from sys/capabilities.
  await checker.getByLabel('the token itself').check();
  await checker.getByLabel('Token', { exact: true }).fill(token);
  await checker.getByLabel('Paths (one a line)').fill('sys/mounts\nsecret/data/app');
  await checker.getByRole('button', { name: 'Check' }).click();
  await answer.getByRole('row', { name: 'sys/mounts' }).waitFor();
  assert.equal(await answer.getByRole('row', { name: 'secret/data/app' }).getByRole('cell').innerText(), 'list, read');
  assert.equal(await answer.getByRole('row', { name: 'sys/mounts' }).getByRole('cell').innerText(), (fromApi['sys/mounts'] ?? []).join(', '));
});

step('a deleted policy leaves the list', async () => {
  await policyList().getByRole('button', { name: 'app-reader' }).click();
  const editor = page.getByTestId('policy-editor');
  await editor.getByRole('heading', { name: 'Policy app-reader' }).waitFor();
  await editor.getByRole('button', { name: 'Delete app-reader' }).click();
  await policyList().getByRole('button', { name: 'app-reader' }).waitFor({ state: 'detached' });
  const gone = await app.services.dispatch('requests.handle', { path: 'sys/policies/acl/app-reader', operation: 'read' });
  assert.equal(gone.ok, false);
  assert.deepEqual(problems, []);
});
