/**
 * First run where the built-in KV plugin could not be built (no Go at install time): the set-up
 * page still offers secret/, init succeeds, the mount fails with the one line `npm install`
 * printed, and the person continues without secret/, unsealed, with nothing mounted there and
 * the reason still shown on the Plugins page.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import type { Page } from 'playwright-core';
import type { MethodResult } from '../../electron/common/contract';
import { GO_MISSING_LINE, MANIFEST_FILE } from '../../electron/core/builtins/builtin-plugins';
import { screenshot } from '../support/browser';
import type { TestApp } from '../support/headless-app';
import { go, PASSPHRASE, uiSuite } from './support/ui-steps';

// Read when the app's services start, which is after this file's top level runs (in its own process).
const builtinsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sr-no-builtins-'));
fs.writeFileSync(path.join(builtinsDir, MANIFEST_FILE), JSON.stringify({ format: 1, plugins: [], problems: { kv: GO_MISSING_LINE } }));
process.env.STRONGROOM_BUILTINS_DIR = builtinsDir;
after(() => fs.rmSync(builtinsDir, { recursive: true, force: true }));

let app: TestApp;
let page: Page;
let problems: string[];
const step = uiSuite({ fixtures: [] }, (session) => {
  ({ app, page, problems } = session);
});

step('init succeeds and the failed secret/ mount says why, with the one line npm install printed', async () => {
  await page.getByRole('heading', { name: 'Set up Strongroom' }).waitFor();
  assert.equal(await page.getByLabel('Mount secret/ as KV version 2').isChecked(), true);
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Confirm passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Initialise and unseal' }).click();
  const notice = page.getByRole('alert').filter({ hasText: 'Could not mount secret/ as KV version 2' });
  await notice.waitFor();
  assert.match(await notice.innerText(), /Go was not found: install Go 1\.25 or newer/);
  assert.equal(await page.getByText('secret/ is mounted as KV version 2.').count(), 0);
  // The root token is still shown once: init did happen.
  assert.match((await page.getByTestId('root-token').innerText()).trim(), /^s\.[A-Za-z0-9]{24}$/);
  await screenshot(page, 'first-run-secret-mount-failed');
});

step('"Continue without secret/" leads on, unsealed, with no secret/ mount', async () => {
  await page.getByRole('button', { name: 'Continue without secret/', exact: true }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  const status = await app.services.dispatch('seal.status', {});
  assert.ok(status.ok);
  assert.deepEqual([(status.result as MethodResult<'seal.status'>).initialized, (status.result as MethodResult<'seal.status'>).sealed], [true, false]);
  const mounts = await app.services.dispatch('mounts.list', {});
  assert.ok(mounts.ok);
  assert.equal((mounts.result as MethodResult<'mounts.list'>).mounts.some((mount) => mount.path === 'secret/'), false);
});

step('the Plugins page lists the built-in as unavailable with the same line', async () => {
  await go(page, '#/plugins', 'Plugins');
  const row = page.getByTestId('catalog-builtin');
  await row.waitFor();
  assert.match(await row.innerText(), /Go was not found/);
  // The failed mount's error reached the page through ErrorNotice, not the console.
  assert.deepEqual(problems, []);
});
