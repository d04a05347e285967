/**
 * "Re-send on reload" in Chromium against the headless mode, with a TS SDK plugin built twice
 * (`fixtures/plugins/ts/reload-echo.ts`, whose answer changes shape between builds). After a read,
 * the author turns the switch on; a new build then replaces the binary and is re-pinned and
 * restarted, and the request panel re-sends the read on its own and shows both answers with their
 * diff. A failed rebuild is shown in the panel with its output and the sha256 that stays pinned.
 *
 * This file drives the panel's side alone, through the same parts development mode uses: the new
 * file in the plugin directory, `plugins.register` with its sha256, `plugins.reload` of the mount,
 * and the event on the core's event bus (so each event's shape is under its control). The whole
 * loop with the real watcher and packager is `dev-loop.e2e.test.ts`. The page is never touched
 * between the build and the new answer.
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
import { copyIntoPluginDirectory, enableMount, go, registerPlugin, send, uiSuite } from './support/ui-steps';

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/plugins/ts/reload-echo.ts');
// Beside the fixture, so the copy resolves @strongroom/plugin-sdk the same way.
const buildDir = path.join(path.dirname(fixture), `.reload-echo-${process.pid}`);

let app: TestApp;
let page: Page;
let problems: string[];
let firstSha = '';
const step = uiSuite({ fixtures: [], initialise: true }, (session) => {
  ({ app, page, problems } = session);
});
after(() => fs.rmSync(buildDir, { recursive: true, force: true }));

async function dispatch(method: string, args: unknown): Promise<unknown> {
  const reply = await app.services.dispatch(method, args);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.code}: ${reply.error.message}`);
  return reply.result;
}

/** Builds generation `n` of the fixture into the build folder and returns the packaged file. */
async function build(generation: number): Promise<{ file: string; sha256: string; bytes: number }> {
  fs.mkdirSync(buildDir, { recursive: true });
  const source = path.join(buildDir, 'reload-echo.ts');
  fs.writeFileSync(source, fs.readFileSync(fixture, 'utf8').replace('const GENERATION: number = 1;', `const GENERATION: number = ${generation};`));
  return packagePlugin(source, path.join(buildDir, 'reload-echo'));
}

step('register the first build and enable it at echo/', async () => {
  const built = await build(1);
  firstSha = built.sha256;
  const file = await copyIntoPluginDirectory(app, built.file);
  await registerPlugin(page, file, 'reload-echo', 'v0.0.1');
  await enableMount(page, 'reload-echo@v0.0.1', 'echo/');
});

step('read echo, then turn "Re-send on reload" on', async () => {
  await go(page, '#/request/echo/echo?op=read', 'echo/echo');
  await send(page, 'Read');
  await page.getByTestId('response').getByRole('button', { name: 'Show values' }).click();
  assert.match(await page.getByTestId('response-json').innerText(), /hello from build 1/);
  await page.getByRole('group', { name: 'Development' }).getByRole('checkbox', { name: 'Re-send on reload' }).check();
});

step('a new build is re-pinned and restarted: the panel re-sends the read and shows both answers and their diff', async () => {
  const built = await build(2);
  const listing = (await dispatch('plugins.list', {})) as { pluginDirectory: string };
  // What development mode does on a rebuild: the new file in place, re-pinned, the mount restarted, the event.
  const target = path.join(listing.pluginDirectory, 'reload-echo');
  fs.copyFileSync(built.file, `${target}.new`);
  fs.renameSync(`${target}.new`, target);
  await dispatch('plugins.register', { type: 'secret', name: 'reload-echo', version: 'v0.0.1', command: 'reload-echo', sha256: built.sha256 });
  await dispatch('plugins.reload', { mounts: ['echo/'] });
  app.services.events.publish('plugins.reloaded', {
    type: 'secret',
    name: 'reload-echo',
    version: 'v0.0.1',
    previousSha256: firstSha,
    sha256: built.sha256,
    bytes: built.bytes,
    mounts: ['echo/'],
    at: new Date().toISOString(),
    durationMs: 42,
  });
  const comparison = page.getByTestId('reload-comparison');
  await comparison.waitFor();
  const notice = await page.getByTestId('reload-done').innerText();
  assert.match(notice, new RegExp(`Reloaded reload-echo@v0.0.1: ${firstSha.slice(0, 12)}…${firstSha.slice(-4)} → ${built.sha256.slice(0, 12)}…`));
  assert.doesNotMatch(await comparison.innerText(), /hello from build/, 'values are masked until shown');
  await comparison.getByRole('button', { name: 'Show values' }).click();
  assert.match(await comparison.getByRole('region', { name: 'Before the reload' }).innerText(), /"hello from build 1"/);
  assert.match(await comparison.getByRole('region', { name: 'After the reload' }).innerText(), /"hello from build 2"/);
  assert.deepEqual(await comparison.getByRole('list', { name: 'Changes between the answers' }).getByRole('listitem').allTextContents(), [
    '+ added added: "new in build 2"',
    '~ changed generation: 1 → 2',
    '~ changed greeting: "hello from build 1" → "hello from build 2"',
    '− removed legacy: true',
  ]);
  // The response below is the new code's own answer, from the re-sent request.
  await page.getByTestId('response').getByRole('button', { name: 'Show values' }).click();
  assert.match(await page.getByTestId('response-json').innerText(), /hello from build 2/);
  assert.equal(await page.getByTestId('history').getByRole('listitem').count(), 2, 'the read was sent again, once');
  await screenshot(page, 'resend-on-reload');
});

step('a failed rebuild is shown in the panel with its output and the sha256 that stays pinned', async () => {
  const pinned = ((await dispatch('plugins.list', {})) as { plugins: Array<{ name: string; sha256: string }> }).plugins.find((p) => p.name === 'reload-echo')!.sha256;
  app.services.events.publish('plugins.reloadFailed', {
    type: 'secret',
    name: 'reload-echo',
    version: 'v0.0.1',
    stage: 'build',
    message: 'The build of reload-echo.ts failed: 1 error.',
    output: ['reload-echo.ts:12:3: ERROR: Expected ";" but found "greeting"'],
    pinnedSha256: pinned,
    at: new Date().toISOString(),
  });
  const failed = page.getByTestId('reload-failed');
  await failed.waitFor();
  assert.match(await failed.innerText(), /The build failed: reload-echo@v0\.0\.1/);
  assert.equal(await failed.getByTestId('reload-output').innerText(), 'reload-echo.ts:12:3: ERROR: Expected ";" but found "greeting"');
  assert.match(await failed.innerText(), new RegExp(`Still pinned: ${pinned}`));
  assert.equal(await page.getByTestId('history').getByRole('listitem').count(), 2, 'a failed build re-sends nothing');
  await screenshot(page, 'reload-failed');
});

step("another plugin's reload is not this panel's", async () => {
  app.services.events.publish('plugins.reloaded', { type: 'secret', name: 'other', version: '', previousSha256: 'a'.repeat(64), sha256: 'b'.repeat(64), bytes: 1, mounts: ['other/'], at: new Date().toISOString(), durationMs: 1 });
  // Events reach the page in order: once this one shows, the other plugin's reload was handled.
  app.services.events.publish('plugins.reloadFailed', { type: 'secret', name: 'reload-echo', version: 'v0.0.1', stage: 'start', message: 'The new binary exited with status 2 before its handshake.', output: ['panic: boom'], pinnedSha256: 'c'.repeat(64), at: new Date().toISOString() });
  await page.getByTestId('reload-failed').getByText('The new binary exited with status 2').waitFor();
  assert.match(await page.getByTestId('reload-failed').innerText(), /The new binary did not start: reload-echo@v0\.0\.1/);
  assert.equal(await page.getByTestId('history').getByRole('listitem').count(), 2, 'nothing was re-sent');
  assert.deepEqual(problems, []);
});
