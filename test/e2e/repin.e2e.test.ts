/**
 * The re-pin outside development mode (issue 15.6) in Chromium against the headless mode: a
 * registered TS SDK plugin's binary is replaced by a person (outside the app, not in development
 * mode), so the next start is refused with `sha256_mismatch` naming both hashes. The request panel
 * and the plugins page offer the re-pin, which shows what changed (size, time, both sha256); after
 * it the request answers with the new code, Undo brings the old pin back (the request answers the
 * old code again, run from the bytes Strongroom kept), and after a reload of the page the catalog
 * still offers to undo that (going forward again).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after } from 'node:test';
import type { Page } from 'playwright-core';
import { packagePlugin } from '@strongroom/plugin-sdk/package-plugin';
import { screenshot } from '../support/browser';
import type { TestApp } from '../support/headless-app';
import { copyIntoPluginDirectory, enableMount, go, registerPlugin, send, uiSuite, type UiSession } from './support/ui-steps';

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/plugins/ts/reload-echo.ts');
// Beside the fixture, so the copy resolves @strongroom/plugin-sdk the same way.
const buildDir = path.join(path.dirname(fixture), `.repin-echo-${process.pid}`);

let app: TestApp;
let page: Page;
let problems: string[];
let session: UiSession;
let second: Page;
const builds: Array<{ file: string; sha256: string; bytes: number }> = [];
const step = uiSuite({ fixtures: [], initialise: true }, (started) => {
  session = started;
  ({ app, page, problems } = started);
});
after(() => fs.rmSync(buildDir, { recursive: true, force: true }));

/** Builds generation `n` of the fixture (its answer says which build it is) into its own folder. */
async function build(generation: number): Promise<{ file: string; sha256: string; bytes: number }> {
  const dir = path.join(buildDir, String(generation));
  fs.mkdirSync(dir, { recursive: true });
  const source = path.join(dir, 'reload-echo.ts');
  // The fixture knows two answers; a later generation says its own number in the second one.
  const code = fs
    .readFileSync(fixture, 'utf8')
    .replace('const GENERATION: number = 1;', `const GENERATION: number = ${generation};`)
    .replace("greeting: 'hello from build 2', generation: 2", `greeting: 'hello from build ${generation}', generation: ${generation}`);
  fs.writeFileSync(source, code);
  return packagePlugin(source, path.join(dir, 'reload-echo'));
}

/** Reads echo/echo in the request panel and returns the greeting shown (or the error notice's text). */
async function readEcho(on: Page = page): Promise<string> {
  await go(on, '#/request/echo/echo?op=read', 'echo/echo');
  await send(on, 'Read');
  const response = on.getByTestId('response');
  if ((await response.count()) === 0) return on.getByTestId('error-notice').first().innerText();
  await response.getByRole('button', { name: 'Show values' }).click();
  return on.getByTestId('response-json').innerText();
}

step('register build 1 and enable it at echo/: it answers build 1', async () => {
  builds.push(await build(1), await build(2));
  const file = await copyIntoPluginDirectory(app, builds[0]!.file);
  await registerPlugin(page, file, 'reload-echo', 'v0.0.1');
  await enableMount(page, 'reload-echo@v0.0.1', 'echo/');
  assert.match(await readEcho(), /hello from build 1/);
});

step('build 2 put in place outside development mode: the restart is refused, naming both hashes', async () => {
  const [first, second] = [builds[0]!, builds[1]!];
  const listing = await app.services.dispatch('plugins.list', {});
  assert.ok(listing.ok);
  // What a person does: a new file renamed over the running one (a copy onto it would be ETXTBSY).
  const target = path.join((listing.result as { pluginDirectory: string }).pluginDirectory, 'reload-echo');
  fs.copyFileSync(second.file, `${target}.new`);
  fs.renameSync(`${target}.new`, target);
  // The running process keeps its bytes: the plugins page's Reload starts the file again.
  await go(page, '#/plugins', 'Plugins');
  await page.locator('tr[data-plugin="reload-echo"]').getByRole('button', { name: 'Reload' }).click();
  // The refused click's way out is beside its "Reload failed" notice (and only there: not also under the row).
  const refused = page.getByTestId('reload-failed-repin').getByTestId('repin-offer');
  await refused.waitFor();
  assert.match(await refused.innerText(), /The binary of reload-echo@v0\.0\.1 changed since it was pinned/);
  assert.match(await page.getByRole('alert').filter({ hasText: 'Reload failed' }).innerText(), /sha256_mismatch|replaced after registration/);
  await refused.getByRole('button', { name: 'Show what changed' }).click();
  const changed = refused.getByRole('table', { name: 'What changed' });
  await changed.waitFor();
  assert.equal(await changed.getByRole('row', { name: /^Pinned/ }).getByRole('cell').first().innerText(), first.sha256);
  assert.equal(await changed.getByRole('row', { name: /^File now/ }).getByRole('cell').first().innerText(), second.sha256);
  assert.equal(await page.locator('tr[data-repin-for="reload-echo"]').count(), 0);
  await screenshot(page, 'repin-reload-failed');

  const failed = await readEcho();
  assert.match(failed, new RegExp(`the catalog pins sha256 ${first.sha256}, the file now hashes to ${second.sha256}`));
  await page.getByTestId('repin-offer').waitFor();
  await screenshot(page, 'repin-refused');
});

step('the offer shows what changed: both sha256, sizes and modification times', async () => {
  const [first, second] = [builds[0]!, builds[1]!];
  const offer = page.getByTestId('repin-offer');
  await offer.getByRole('button', { name: 'Show what changed' }).click();
  const table = offer.getByRole('table', { name: 'What changed' });
  await table.waitFor();
  const pinned = await table.getByRole('row', { name: /^Pinned/ }).getByRole('cell').allInnerTexts();
  const now = await table.getByRole('row', { name: /^File now/ }).getByRole('cell').allInnerTexts();
  assert.equal(pinned[0], first.sha256);
  assert.equal(now[0], second.sha256);
  // The size change is said too (the bundle is compressed, so its sign is whatever the build gave).
  const delta = second.bytes - first.bytes;
  const change = delta === 0 ? 'Same size.' : `${delta > 0 ? '+' : '−'}${Math.abs(delta)} B.`;
  assert.ok(Math.abs(delta) < 1024, `the builds differ by ${delta} bytes`);
  assert.ok((await offer.getByTestId('repin-preview').innerText()).includes(change), change);
  const size = (bytes: number) => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);
  assert.equal(pinned[1], size(first.bytes));
  assert.equal(now[1], size(second.bytes));
  for (const cells of [pinned, now]) assert.ok(!Number.isNaN(new Date(cells[2]!).getTime()) && cells[2] !== '—', `a modification time is shown: ${cells[2]}`);
  await screenshot(page, 'repin-preview');
});

step('re-pin: the request answers with the new code', async () => {
  const offer = page.getByTestId('repin-offer');
  await offer.getByRole('button', { name: 'Re-pin reload-echo to this binary' }).click();
  await offer.getByTestId('repin-done').waitFor();
  assert.match(await offer.getByTestId('repin-done').innerText(), new RegExp(`Re-pinned to ${builds[1]!.sha256.slice(0, 12)}…`));
  assert.equal(await offer.getByRole('row', { name: /^Was pinned/ }).getByRole('cell').first().innerText(), builds[0]!.sha256);
  // A second window sends the request, so this one keeps the offer (and its Undo) on screen.
  second = await session.browser.newPage({ viewport: { width: 1360, height: 860 } });
  second.setDefaultTimeout(20_000);
  second.on('pageerror', (e) => problems.push(`second window: ${e.message}`));
  await second.goto(app.server.url);
  assert.match(await readEcho(second), /hello from build 2/);
});

step("the offer's Undo: the old pin is back and the request answers the old code", async () => {
  const offer = page.getByTestId('repin-offer');
  await offer.getByRole('button', { name: 'Undo' }).click();
  await offer.getByTestId('repin-undone').waitFor();
  assert.match(await offer.getByTestId('repin-undone').innerText(), new RegExp(`The previous pin is back \\(${builds[0]!.sha256.slice(0, 12)}…`));
  // The file on disk is still build 2; the old bytes run from the copy Strongroom kept.
  assert.match(await readEcho(second), /hello from build 1/);
  await screenshot(page, 'repin-undone');
});

step('after a reload of the page the catalog offers to undo that undo, which goes forward again', async () => {
  await page.reload();
  await go(page, '#/plugins', 'Plugins');
  const row = page.getByTestId('catalog-table').getByRole('row', { name: /reload-echo/ });
  const [first, latest] = [builds[0]!.sha256, builds[1]!.sha256];
  await row.getByRole('button', { name: `Undo re-pin to ${latest.slice(0, 12)}…${latest.slice(-4)}` }).click();
  await row.getByRole('button', { name: `Undo re-pin to ${first.slice(0, 12)}…${first.slice(-4)}` }).waitFor();
  assert.match(await readEcho(second), /hello from build 2/);
});

step('build 3 refused at a restart not clicked here: the offer under the process row re-pins it', async () => {
  const [pinned, third] = [builds[1]!, await build(3)];
  const listing = await app.services.dispatch('plugins.list', {});
  assert.ok(listing.ok);
  const target = path.join((listing.result as { pluginDirectory: string }).pluginDirectory, 'reload-echo');
  fs.copyFileSync(third.file, `${target}.new`);
  fs.renameSync(`${target}.new`, target);
  // Restarted from outside this window (the API), so no "Reload failed" notice here: the row carries the offer.
  const reload = await app.services.dispatch('plugins.reload', { plugin: 'reload-echo' });
  assert.equal(reload.ok ? 'ok' : reload.error.code, 'sha256_mismatch');
  await go(page, '#/plugins', 'Plugins');
  const offer = page.locator('tr[data-repin-for="reload-echo"]').getByTestId('repin-offer');
  await offer.waitFor();
  assert.equal(await page.getByTestId('reload-failed-repin').count(), 0);
  await offer.getByRole('button', { name: 'Show what changed' }).click();
  const table = offer.getByRole('table', { name: 'What changed' });
  await table.waitFor();
  assert.equal(await table.getByRole('row', { name: /^Pinned/ }).getByRole('cell').first().innerText(), pinned.sha256);
  assert.equal(await table.getByRole('row', { name: /^File now/ }).getByRole('cell').first().innerText(), third.sha256);
  await offer.getByRole('button', { name: 'Re-pin reload-echo to this binary' }).click();
  await offer.getByTestId('repin-done').waitFor();
  assert.match(await offer.getByTestId('repin-done').innerText(), new RegExp(`Re-pinned to ${third.sha256.slice(0, 12)}…`));
  assert.match(await readEcho(second), /hello from build 3/);
  await screenshot(page, 'repin-process-row');
  assert.deepEqual(problems, []);
});
