/**
 * The plugin author's loop in Chromium against the headless mode (issue 15.8), with the real
 * core's development mode, real plugin processes and the SDK's packager: a TS SDK plugin (a copy
 * of `fixtures/plugins/ts/reload-echo.ts` as `main.ts` in a temp folder) is registered and put in
 * development mode with its source folder through the plugins page's Development dialog. The test
 * then only edits the source file, as an editor would, and never touches the app between a save
 * and what the request panel shows: the new answer beside the previous one with their diff
 * ("re-send on reload" on); a syntax error shown with esbuild's output and the sha256 that stays
 * pinned, then the fix's answer; a build that exits at start shown with its stderr while the
 * previous build keeps answering.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after } from 'node:test';
import type { Page } from 'playwright-core';
import { packagePlugin } from '@strongroom/plugin-sdk/package-plugin';
import { screenshot } from '../support/browser';
import type { TestApp } from '../support/headless-app';
import { copyIntoPluginDirectory, enableMount, go, registerPlugin, send, uiSuite } from './support/ui-steps';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = path.join(repoRoot, 'test', 'fixtures', 'plugins', 'ts', 'reload-echo.ts');
const sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'd4-dev-loop-'));
const main = path.join(sourceDir, 'main.ts');
// A rebuild is seconds at most; this only bounds a broken run (the loop's speed is in bench/dev-loop.ts).
const LOOP_WAIT_MS = 60_000;

let app: TestApp;
let page: Page;
let problems: string[];
const step = uiSuite({ fixtures: [], initialise: true }, (session) => {
  ({ app, page, problems } = session);
});
after(() => fs.rmSync(sourceDir, { recursive: true, force: true }));

/** What an editor does on save: the file's new text, written in place. */
function edit(from: string, to: string): void {
  const text = fs.readFileSync(main, 'utf8');
  assert.ok(text.includes(from), `main.ts has ${from}`);
  fs.writeFileSync(main, text.replace(from, to));
}

async function pinnedSha256(): Promise<string> {
  const reply = await app.services.dispatch('plugins.list', {});
  if (!reply.ok) throw new Error(reply.error.message);
  return (reply.result as { plugins: Array<{ name: string; sha256: string }> }).plugins.find((p) => p.name === 'reload-echo')!.sha256;
}

async function shownAnswer(): Promise<string> {
  await page.getByTestId('response').getByRole('button', { name: 'Show values' }).click();
  return page.getByTestId('response-json').innerText();
}

const historyCount = () => page.getByTestId('history').getByRole('listitem').count();

step('register the first build, enable it at echo/, and turn development mode on with its source folder in the dialog', async () => {
  fs.copyFileSync(fixture, main);
  // The SDK resolves by package name, as in a project made by `plugin:new`.
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(sourceDir, 'node_modules'));
  const built = await packagePlugin(main, path.join(sourceDir, 'dist', 'reload-echo'));
  await registerPlugin(page, await copyIntoPluginDirectory(app, built.file), 'reload-echo', 'v0.0.1');
  await enableMount(page, 'reload-echo@v0.0.1', 'echo/');

  await go(page, '#/plugins', 'Plugins');
  const row = page.getByTestId('catalog-table').getByRole('row', { name: /reload-echo/ });
  await row.getByRole('button', { name: 'Development' }).click();
  const dialog = page.getByRole('dialog', { name: 'Development mode of reload-echo v0.0.1' });
  await dialog.getByLabel('Development mode').check();
  await dialog.getByLabel('TS source folder').fill(sourceDir);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await row.getByTestId('catalog-development').getAttribute('title'), `Watching ${sourceDir}`);
});

step('read echo, turn "Re-send on reload" on, then save a source change: the panel shows the new answer and the diff', async () => {
  await go(page, '#/request/echo/echo?op=read', 'echo/echo');
  await send(page, 'Read');
  assert.match(await shownAnswer(), /hello from build 1/);
  await page.getByRole('group', { name: 'Development' }).getByRole('checkbox', { name: 'Re-send on reload' }).check();
  const before = await pinnedSha256();

  edit('const GENERATION: number = 1;', 'const GENERATION: number = 2;');
  const comparison = page.getByTestId('reload-comparison');
  await comparison.waitFor({ timeout: LOOP_WAIT_MS });
  const after = await pinnedSha256();
  assert.notEqual(after, before, 'the rebuild was re-pinned');
  assert.match(await page.getByTestId('reload-done').innerText(), new RegExp(`Reloaded reload-echo@v0.0.1: ${before.slice(0, 12)}…${before.slice(-4)} → ${after.slice(0, 12)}…`));
  await comparison.getByRole('button', { name: 'Show values' }).click();
  assert.match(await comparison.getByRole('region', { name: 'Before the reload' }).innerText(), /"hello from build 1"/);
  assert.match(await comparison.getByRole('region', { name: 'After the reload' }).innerText(), /"hello from build 2"/);
  assert.deepEqual(await comparison.getByRole('list', { name: 'Changes between the answers' }).getByRole('listitem').allTextContents(), [
    '+ added added: "new in build 2"',
    '~ changed generation: 1 → 2',
    '~ changed greeting: "hello from build 1" → "hello from build 2"',
    '− removed legacy: true',
  ]);
  // The re-sent read is the new code's own answer.
  await page.getByTestId('response').waitFor();
  assert.match(await shownAnswer(), /hello from build 2/);
  assert.equal(await historyCount(), 2, 'the read was sent again, once');
  await screenshot(page, 'dev-loop-reloaded');
});

step("a syntax error: the panel shows esbuild's output and the sha256 that stays pinned; the fix brings the new answer", async () => {
  const pinned = await pinnedSha256();
  edit("greeting: 'hello from build 2',", "greeting: 'hello from build 2' generation,");
  const failed = page.getByTestId('reload-failed');
  await failed.waitFor({ timeout: LOOP_WAIT_MS });
  assert.match(await failed.innerText(), /The build failed: reload-echo@v0\.0\.1/);
  const output = await failed.getByTestId('reload-output').innerText();
  assert.match(output, /main\.ts:\d+:\d+: error: Expected "}" but found "generation"/, output);
  assert.match(await failed.innerText(), new RegExp(`Still pinned: ${pinned}`));
  assert.equal(await pinnedSha256(), pinned, 'the failed build was not pinned');
  assert.equal(await historyCount(), 2, 'a failed build re-sends nothing');
  await screenshot(page, 'dev-loop-build-failed');

  edit("greeting: 'hello from build 2' generation,", "greeting: 'hello from build 3',");
  await page.getByTestId('reload-done').waitFor({ timeout: LOOP_WAIT_MS });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="history"] li').length === 3);
  await page.getByTestId('response').waitFor();
  assert.match(await shownAnswer(), /hello from build 3/);
  assert.notEqual(await pinnedSha256(), pinned);
});

step('a build that exits at start: the panel shows its stderr, and the previous build keeps answering', async () => {
  const pinned = await pinnedSha256();
  edit("import { defineBackend, serve } from '@strongroom/plugin-sdk';", "import { defineBackend, serve } from '@strongroom/plugin-sdk';\nconsole.error('this build refuses to start');\nprocess.exit(3);");
  const failed = page.getByTestId('reload-failed');
  await failed.waitFor({ timeout: LOOP_WAIT_MS });
  assert.match(await failed.innerText(), /The new binary did not start: reload-echo@v0\.0\.1/);
  assert.match(await failed.getByTestId('reload-output').innerText(), /this build refuses to start/);
  assert.match(await failed.innerText(), new RegExp(`Still pinned: ${pinned}`));
  assert.equal(await pinnedSha256(), pinned);
  await screenshot(page, 'dev-loop-start-failed');
  // The author sends the read by hand: the previous build answers it.
  await send(page, 'Read');
  assert.match(await shownAnswer(), /hello from build 3/);
  assert.deepEqual(problems, []);
});
