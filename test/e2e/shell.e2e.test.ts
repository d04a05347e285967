import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchChromium, screenshot } from '../support/browser';
import { startTestApp, type TestApp } from '../support/headless-app';

let app: TestApp;
let browser: Browser;
before(async () => {
  app = await startTestApp();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await app?.close();
});

test('Chromium opens the headless URL and sees the app shell, at first run', async () => {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  await page.goto(app.server.url);
  await page.getByTestId('app-shell').waitFor();
  // A fresh data directory: the shell shows first-run set-up, no navigation until unsealed.
  await page.getByRole('heading', { name: 'Set up Strongroom' }).waitFor();
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 0);
  const status = page.getByRole('status');
  await status.getByText('headless mode').waitFor();
  assert.match(await status.innerText(), new RegExp(app.dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  // The stylesheet reached the page (a CSP or asset-path regression leaves an unstyled form).
  const card = page.locator('form.gate-card');
  assert.equal(await card.evaluate((form) => getComputedStyle(form).borderTopLeftRadius), '8px', 'app.css styles the set-up card');
  assert.ok(await page.getByLabel('Passphrase', { exact: true }).isVisible(), 'the passphrase field is visible');

  const file = await screenshot(page, 'shell');
  const png = fs.readFileSync(file);
  assert.deepEqual([...png.subarray(0, 8)], PNG_SIGNATURE, `${file} is a PNG`);
  const size = await page.evaluate(() => ({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight }));
  assert.deepEqual({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }, size, 'the screenshot is of the whole page');
  // The shell painted something: its viewport differs from a blank page's at the same size.
  const blank = await browser.newPage({ viewport: page.viewportSize() });
  await blank.setContent('<!doctype html><body style="background:#fff"></body>');
  assert.notDeepEqual(await page.screenshot(), await blank.screenshot(), 'the shell is not a blank page');
  await blank.close();
  assert.deepEqual(problems, []);
});

/** The eight bytes every PNG file starts with. */
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
