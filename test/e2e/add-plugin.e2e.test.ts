/**
 * "Add plugin…" in Chromium against the headless mode (so the path field, not Electron's file
 * dialog): a text file and a binary for another architecture are marked refused with the reason;
 * the Go plugin from another folder shows its size, type and sha256, is copied into the plugin
 * directory and registered; a different file of the same name needs the confirmation. Screenshots
 * go to test-results/.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { fixturePath } from '../fixtures/plugins/fixtures';
import { writeShellTextFile, writeWrongArchBinary } from '../fixtures/plugins/foreign-files';
import { screenshot } from '../support/browser';
import type { TestApp } from '../support/headless-app';
import { go, initialise, uiSuite } from './support/ui-steps';

let app: TestApp;
let page: Page;
let problems: string[];
let downloads = '';
const step = uiSuite({ fixtures: ['strongroom-custom'] }, async (session) => {
  ({ app, page, problems } = session);
  downloads = path.join(app.dataDir, 'Downloads');
  fs.mkdirSync(path.join(downloads, 'newer'), { recursive: true });
  fs.copyFileSync(fixturePath('strongroom-custom'), path.join(downloads, 'strongroom-custom'));
  await writeShellTextFile(path.join(downloads, 'install-notes.txt'), path.join(app.dataDir, 'marker'));
  await writeWrongArchBinary(path.join(downloads, 'strongroom-custom-arm64'));
  fs.writeFileSync(path.join(downloads, 'newer', 'strongroom-custom'), '#!/bin/sh\nexit 0\n');
});

function form() {
  return page.getByTestId('add-plugin-form');
}

async function inspect(file: string): Promise<void> {
  await form().getByLabel('File').fill(file);
  await form().getByRole('button', { name: 'Inspect' }).click();
  await form().getByTestId('inspection').waitFor();
  await page.waitForFunction(
    (expected) => document.querySelector('[data-testid="inspection-sha256"]')?.textContent === expected,
    createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
  );
}

step('first run, then open "Add plugin…" on the Plugins page', async () => {
  await initialise(page);
  await go(page, '#/plugins', 'Plugins');
  await page.getByRole('button', { name: 'Add plugin…' }).click();
  await form().waitFor();
  assert.equal(await form().getByRole('button', { name: 'Choose file…' }).count(), 0, 'headless mode: no native dialog, a path field');
});

step('a text file without #! is marked refused, with the reason; it cannot be added', async () => {
  await inspect(path.join(downloads, 'install-notes.txt'));
  assert.equal(await form().getByTestId('inspection').getAttribute('data-runnable'), 'false');
  assert.match(await form().getByTestId('inspection').innerText(), /a text file without #!\s*refused/);
  assert.match(await form().getByTestId('inspection-refused').innerText(), /would be run as shell commands/);
  assert.equal(await form().getByRole('button', { name: 'Copy and register' }).isDisabled(), true);
  await screenshot(page, 'add-plugin-text-file-refused');
});

step('a binary for another architecture is marked refused, naming the GOARCH to rebuild with', async () => {
  await inspect(path.join(downloads, 'strongroom-custom-arm64'));
  assert.match(await form().getByTestId('inspection-refused').innerText(), /It is built for \w+ \(ELF [\w-]+ 64-bit\); this machine is \w+ [\w-]+: rebuild it with GOARCH=\w+\./);
  assert.equal(await form().getByRole('button', { name: 'Copy and register' }).isDisabled(), true);
  await screenshot(page, 'add-plugin-wrong-arch-refused');
});

step('the Go plugin shows size, type and sha256; it is copied into the plugin directory and registered', async () => {
  const source = path.join(downloads, 'strongroom-custom');
  await inspect(source);
  const details = await form().getByTestId('inspection').innerText();
  assert.match(details, /Size\s+\d+(\.\d)? MiB/);
  assert.match(details, /executable\s*runs on this machine/);
  assert.equal(await form().getByLabel('Name').inputValue(), 'strongroom-custom');
  await form().getByLabel('Name').fill('custom');
  await screenshot(page, 'add-plugin-inspected');
  await form().getByRole('button', { name: 'Copy and register' }).click();
  await form().getByRole('status').filter({ hasText: 'Added custom' }).waitFor();
  const row = page.getByTestId('catalog-table').getByRole('row', { name: /custom/ });
  await row.waitFor();
  const reply = await app.services.dispatch('plugins.list', {});
  assert.ok(reply.ok);
  const { pluginDirectory } = reply.result as { pluginDirectory: string };
  assert.equal(fs.statSync(path.join(pluginDirectory, 'strongroom-custom')).mode & 0o777, 0o755);
  await screenshot(page, 'add-plugin-added');
});

step('a different file of the same name needs the confirmation before it replaces the copy', async () => {
  await form().getByLabel('Name').fill('');
  await inspect(path.join(downloads, 'newer', 'strongroom-custom'));
  await form().getByTestId('overwrite-warning').waitFor();
  await form().getByLabel('Name').fill('custom-newer');
  const submit = form().getByRole('button', { name: 'Copy and register' });
  assert.equal(await submit.isDisabled(), true, 'not without the confirmation');
  await screenshot(page, 'add-plugin-overwrite-confirmation');
  await form().getByLabel(/Replace it/).check();
  await submit.click();
  await form().getByRole('status').filter({ hasText: 'Added custom-newer' }).waitFor();
  assert.deepEqual(problems, []);
});
