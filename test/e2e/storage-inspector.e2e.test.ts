/**
 * The storage inspector in Chromium against the headless mode, with the strongroom-custom engine
 * (its `users/<name>` records are JSON in its storage): each request's storage calls as a table
 * with a summary, the storage diff once "Capture storage diffs" is on (sizes, then the values
 * before and after with their JSON diff), and the mount's raw storage browsed with every value
 * redacted until revealed.
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
const step = uiSuite({ fixtures: ['strongroom-custom'], initialise: true }, (session) => {
  ({ app, page, problems } = session);
});

async function writeUser(email: string, password: string): Promise<void> {
  await go(page, '#/request/custom/users/alice?op=write', 'custom/users/alice');
  await page.getByRole('textbox', { name: /^Email address/ }).fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await send(page, 'Write');
}

step('register and enable the custom engine', async () => {
  const file = await copyIntoPluginDirectory(app, fixturePath('strongroom-custom'));
  await registerPlugin(page, file, 'custom', 'v0.1.0');
  await enableMount(page, 'custom@v0.1.0', 'custom/');
});

step('a write shows its storage calls as a table with a summary; without capture, no diff', async () => {
  await writeUser('alice@example.com', 'first-secret');
  const response = page.getByTestId('response');
  const trace = response.getByTestId('storage-trace');
  const rows = trace.locator('tbody tr');
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => [tr.children[1]?.textContent?.trim(), tr.children[2]?.textContent?.trim()])), [
    ['get', 'users/alice'],
    ['put', 'users/alice'],
  ]);
  assert.match(await response.getByTestId('trace-summary').innerText(), /^1 get, 1 put · 0 B read · \d+ B written$/);
  await response.getByText('Turn on “Capture storage diffs” above').waitFor();
  assert.equal(await response.getByTestId('storage-diff').count(), 0);
});

step('with capture on, the next write shows what it changed, and its values on demand with a JSON diff', async () => {
  await go(page, '#/request/custom/users/alice?op=write', 'custom/users/alice');
  const development = page.getByRole('group', { name: 'Development' });
  // Checked once the core answers that capture is on.
  await development.getByRole('checkbox', { name: 'Capture storage diffs' }).click();
  await development.getByRole('checkbox', { name: 'Capture storage diffs', checked: true }).waitFor();
  await writeUser('alice@new.example.com', 'second-secret');
  const diff = page.getByTestId('response').getByTestId('storage-diff');
  const row = diff.locator('tr[data-key="users/alice"]');
  await row.waitFor();
  const cells = await row.locator('td').allInnerTexts();
  assert.equal(cells[0], 'changed');
  assert.match(cells[1] ?? '', /^\d+ B$/);
  assert.match(cells[2] ?? '', /^\d+ B$/);
  assert.notEqual(cells[1], cells[2], 'the longer address and password make the value longer');
  assert.doesNotMatch(await diff.innerText(), /second-secret/, 'values stay in the core until asked for');
  await row.getByRole('button', { name: 'Show the values of users/alice' }).click();
  const values = row.getByTestId('diff-values');
  assert.match(await values.getByLabel('users/alice before', { exact: true }).last().innerText(), /"email":"alice@example.com"/);
  assert.match(await values.getByLabel('users/alice after', { exact: true }).last().innerText(), /"email":"alice@new.example.com"/);
  const changes = values.getByRole('list', { name: 'Changes in users/alice' });
  assert.deepEqual(await changes.getByRole('listitem').allTextContents(), [
    '~ changed email: "alice@example.com" → "alice@new.example.com"',
    '~ changed password: "first-secret" → "second-secret"',
  ]);
  await screenshot(page, 'storage-diff-values');
  await row.getByRole('button', { name: 'Hide the values of users/alice' }).click();
  await row.getByRole('button', { name: 'Show the values of users/alice' }).waitFor();
  assert.doesNotMatch(await diff.innerText(), /second-secret/);
});

step('a read with capture on changed nothing', async () => {
  await go(page, '#/request/custom/users/alice?op=read', 'custom/users/alice');
  await send(page, 'Read');
  await page.getByTestId('response').getByTestId('storage-diff-empty').waitFor();
});

step("the mount's raw storage: folders, sizes, values redacted until revealed, one at a time", async () => {
  await page.getByRole('link', { name: 'Browse custom/ storage' }).click();
  await page.getByRole('heading', { name: 'Storage of custom/' }).waitFor();
  const keys = page.getByTestId('storage-keys');
  await keys.getByRole('link', { name: 'users/' }).click();
  await page.getByRole('navigation', { name: 'Storage prefix' }).getByRole('link', { name: 'users/' }).waitFor();
  const alice = page.getByTestId('storage-keys').locator('tr[data-key="users/alice"]');
  await alice.waitFor();
  assert.match(await alice.innerText(), /alice\s+\d+ B\s+•+ \(\d+ B\)/);
  assert.doesNotMatch(await page.locator('main').innerText(), /second-secret/);
  await screenshot(page, 'storage-browser-redacted');
  await alice.getByRole('button', { name: 'Reveal users/alice' }).click();
  const value = alice.getByLabel('Value of users/alice');
  assert.match(await value.innerText(), /"password":"second-secret"/);
  await screenshot(page, 'storage-browser-revealed');
  await alice.getByRole('button', { name: 'Hide users/alice' }).click();
  await alice.getByRole('button', { name: 'Reveal users/alice' }).waitFor();
  assert.doesNotMatch(await page.locator('main').innerText(), /second-secret/);
});

step('each reveal is in the audit log as a sys/raw read', async () => {
  const reply = await app.services.dispatch('audit.list', { path: 'sys/raw/logical/' });
  assert.ok(reply.ok);
  const entries = (reply.result as { entries: Array<{ kind: string; operation: string; path: string }> }).entries;
  assert.ok(entries.some((entry) => entry.kind === 'response' && entry.operation === 'read' && entry.path.endsWith('/users/alice')));
  assert.deepEqual(problems, []);
});
