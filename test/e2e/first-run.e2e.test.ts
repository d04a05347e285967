/**
 * First run with nothing registered, as a new user meets it: the set-up page offers to mount
 * secret/ as KV version 2 (checked by default, as Vault's dev server does), init mounts it with
 * the built-in KV plugin, and a secret can be written and read at once. The Plugins page lists
 * the built-in, without a Remove button.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { MethodResult } from '../../electron/common/contract';
import { screenshot } from '../support/browser';
import type { TestApp } from '../support/headless-app';
import { readManifest } from '../../electron/core/builtins/build';
import { defaultBuiltinsDirectory } from '../../electron/core/builtins/builtin-plugins';
import { continuePastRootToken, fillPairs, go, PASSPHRASE, send, uiSuite } from './support/ui-steps';

let app: TestApp;
let page: Page;
let problems: string[];
const step = uiSuite({ fixtures: [] }, (session) => {
  if (readManifest(defaultBuiltinsDirectory()).plugins.length === 0) {
    throw new Error('the built-in KV plugin is not built: run `npm run build:builtins` (the test runner does it too)');
  }
  ({ app, page, problems } = session);
});

step('the first-run page offers secret/ as KV version 2, checked', async () => {
  await page.getByRole('heading', { name: 'Set up Strongroom' }).waitFor();
  const offer = page.getByLabel('Mount secret/ as KV version 2');
  assert.equal(await offer.isChecked(), true);
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Confirm passphrase', { exact: true }).fill(PASSPHRASE);
  await screenshot(page, 'first-run-offer-secret');
  await page.getByRole('button', { name: 'Initialise and unseal' }).click();
  await page.getByText('secret/ is mounted as KV version 2.').waitFor();
  await continuePastRootToken(page);
});

step('secret/ is mounted as kv with version=2, served by the built-in', async () => {
  await go(page, '#/mounts', 'Mounts');
  const row = page.getByTestId('mounts-table').locator('tr[data-mount="secret/"]');
  await row.waitFor();
  assert.match(await row.innerText(), /\bkv\b/);
  assert.match(await row.innerText(), /version=2/);
  const reply = await app.services.dispatch('mounts.list', {});
  assert.ok(reply.ok);
  const { mounts } = reply.result as MethodResult<'mounts.list'>;
  const secret = mounts.find((mount) => mount.path === 'secret/');
  assert.deepEqual([secret?.type, secret?.options], ['kv', { version: '2' }]);
  await screenshot(page, 'first-run-mounts');
});

step('a secret written at secret/data/app reads back', async () => {
  await go(page, '#/request/secret/data/app?op=write', 'secret/data/app');
  await fillPairs(page, 'data', [['password', 'first-run-1']]);
  await send(page, 'Write');
  assert.match(await page.getByTestId('response').innerText(), /version: 1/);
  await go(page, '#/request/secret/data/app?op=read', 'secret/data/app');
  await send(page, 'Read');
  const response = page.getByTestId('response');
  await response.getByRole('button', { name: 'Show values' }).click();
  assert.match(await response.innerText(), /"first-run-1"/);
});

step('the Plugins page lists kv as built in, serving secret/, with no Remove button', async () => {
  await go(page, '#/plugins', 'Plugins');
  const row = page.getByTestId('catalog-builtin');
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /kv/);
  assert.match(text, /built in/);
  assert.match(text, /v0\.25\.0\+builtin/);
  assert.match(text, /secret\//);
  assert.equal(await row.getByRole('button', { name: 'Remove' }).count(), 0);
  await screenshot(page, 'first-run-plugins-builtin');
  assert.deepEqual(problems, []);
});
