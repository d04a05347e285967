import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
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
  const file = await screenshot(page, 'shell');
  assert.ok(file.endsWith('shell.png'));
  assert.deepEqual(problems, []);
});
