/**
 * Steps the e2e tests share, written the way a person uses the UI (labels, roles, visible text).
 * The only back-door calls are the ones a person would do outside the app: copying a binary into
 * the plugin directory and `kill -9` on a pid.
 */
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../../support/browser';
import { startTestApp, type TestApp } from '../../support/headless-app';
import { ensureFixtures, type FixtureName } from '../../fixtures/plugins/fixtures';

export const PASSPHRASE = 'correct horse battery staple';

/**
 * `step(name, body)`: a test that builds on the previous ones. After one fails, the rest are
 * skipped instead of each waiting out its timeouts, and the failing page is saved.
 */
export function stepper(page: () => Page): (name: string, body: () => Promise<void>) => void {
  let broken = false;
  return (name, body) =>
    test(name, async (t) => {
      if (broken) return t.skip('an earlier step failed');
      try {
        await body();
      } catch (error) {
        broken = true;
        await screenshot(page(), `failed-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => undefined);
        throw error;
      }
    });
}

export interface UiSession {
  app: TestApp;
  browser: Browser;
  page: Page;
  /** Page errors and console errors seen so far; tests assert it stays empty. */
  problems: string[];
  close(): Promise<void>;
}

/** A fresh headless app and a Chromium page on its URL, as every e2e file starts. */
export async function openUiSession(options: { vaultApi?: boolean } = {}): Promise<UiSession> {
  const app = await startTestApp({ vaultApi: options.vaultApi ?? false });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  page.setDefaultTimeout(20_000);
  const problems = watchForProblems(page);
  await page.goto(app.server.url);
  return {
    app,
    browser,
    page,
    problems,
    async close() {
      await browser.close();
      await app.close();
    },
  };
}

export interface UiSuiteOptions {
  /** The plugin fixtures the file uses, built (or found current) before the app starts. */
  fixtures: readonly FixtureName[];
  /** Set the store up through the first-run page before the first step. */
  initialise?: boolean;
  /** Start the Vault HTTP API too (on any free loopback port), as `npm run serve` does. */
  vaultApi?: boolean;
}

/**
 * The set-up every e2e file shares: fixtures, a fresh app and page (`openUiSession`), optionally
 * the first run, then `ready(session)` (where a file keeps the parts it uses and does its own
 * set-up), and the session closed after the last step. Returns the file's `step`.
 */
export function uiSuite(options: UiSuiteOptions, ready: (session: UiSession) => void | Promise<void>): ReturnType<typeof stepper> {
  let session: UiSession | undefined;
  before(async () => {
    await ensureFixtures({ names: options.fixtures });
    session = await openUiSession({ vaultApi: options.vaultApi ?? false });
    if (options.initialise === true) await initialise(session.page);
    await ready(session);
  });
  after(async () => {
    await session?.close();
  });
  return stepper(() => {
    if (session === undefined) throw new Error('the e2e session did not start (see the before hook\'s error)');
    return session.page;
  });
}

/** Collects page errors and console errors, to assert there were none. */
export function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return problems;
}

/** First run with the secret/ box unchecked unless `mountSecret`: the suites mount what they need themselves (first-run.e2e shows the default). */
export async function initialise(page: Page, options: { mountSecret?: boolean } = {}): Promise<void> {
  await page.getByRole('heading', { name: 'Set up Strongroom' }).waitFor();
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Confirm passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Mount secret/ as KV version 2').setChecked(options.mountSecret ?? false);
  await page.getByRole('button', { name: 'Initialise and unseal' }).click();
  await continuePastRootToken(page);
}

/** After init the root token is shown once: read it off the page and continue to the Overview. */
export async function continuePastRootToken(page: Page): Promise<string> {
  const token = (await page.getByTestId('root-token').innerText()).trim();
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  return token;
}

export async function go(page: Page, hash: string, heading?: string | RegExp): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash);
  if (heading !== undefined) await page.getByRole('heading', { name: heading, exact: typeof heading === 'string' }).first().waitFor();
}

/** What a person does with a file manager: put the binary into the app's plugin directory. */
export async function copyIntoPluginDirectory(app: TestApp, binary: string): Promise<string> {
  const reply = await app.services.dispatch('plugins.list', {});
  if (!reply.ok) throw new Error(reply.error.message);
  const directory = (reply.result as { pluginDirectory: string }).pluginDirectory;
  fs.mkdirSync(directory, { recursive: true });
  const target = path.join(directory, path.basename(binary));
  fs.copyFileSync(binary, target);
  fs.chmodSync(target, 0o755);
  return path.basename(binary);
}

export async function registerPlugin(page: Page, file: string, name: string, version: string): Promise<void> {
  await go(page, '#/plugins', 'Plugins');
  const form = page.getByTestId('register-form');
  await form.getByLabel('Binary').fill(file);
  await form.getByRole('button', { name: 'Compute sha256' }).click();
  await form.getByTestId('sha256').waitFor();
  const progress = form.getByRole('progressbar', { name: 'sha256 progress' });
  if ((await progress.getAttribute('value')) !== '1') throw new Error('the sha256 progress bar did not reach the end');
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Version').fill(version);
  await form.getByRole('button', { name: 'Register' }).click();
  await page.getByTestId('catalog-table').getByRole('rowheader', { name, exact: true }).waitFor();
}

/** `plugin` is `name@version` as registered. */
export async function enableMount(page: Page, plugin: string, mountPath: string, options: Record<string, string> = {}): Promise<void> {
  await go(page, '#/mounts', 'Mounts');
  const form = page.getByTestId('enable-form');
  await form.getByLabel('Plugin').selectOption(plugin);
  await form.getByLabel('Path').fill(mountPath);
  let row = 1;
  for (const [key, value] of Object.entries(options)) {
    if (row > 1) await form.getByRole('button', { name: '+ Add option' }).click();
    await form.getByLabel(`Option key ${row}`).fill(key);
    await form.getByLabel(`Option value ${row}`).fill(value);
    row += 1;
  }
  await form.getByRole('button', { name: 'Enable' }).click();
  await page.getByTestId('mounts-table').locator(`tr[data-mount="${mountPath}"]`).waitFor();
}

/** Fills a map/kvpairs field's rows. */
export async function fillPairs(page: Page, label: string, pairs: [string, string][]): Promise<void> {
  const group = page.getByRole('group', { name: label });
  for (const [i, [key, value]] of pairs.entries()) {
    if ((await group.getByLabel(`${label} key ${i + 1}`).count()) === 0) await group.getByRole('button', { name: `+ Add ${label.toLowerCase()}` }).click();
    await group.getByLabel(`${label} key ${i + 1}`).fill(key);
    await group.getByLabel(`${label} value ${i + 1}`).fill(value);
  }
}

/**
 * Sends the form and waits for *this* request's outcome: the previous response stays on screen
 * until the new one settles, so wait for the history (one entry per settled request) to grow first.
 */
export async function send(page: Page, verb: string): Promise<void> {
  const before = await page.getByTestId('history').getByRole('listitem').count();
  await page.getByTestId('operation-form').getByRole('button', { name: verb, exact: true }).click();
  await page.waitForFunction((count) => document.querySelectorAll('[data-testid="history"] li').length > count, before);
  await page.getByTestId('response').or(page.getByTestId('error-notice')).first().waitFor();
}

/** The pid the app reports for a plugin, as a person would read it off the Plugins page. */
export async function pluginPid(page: Page, plugin: string): Promise<number> {
  await go(page, '#/plugins', 'Plugins');
  const row = page.locator(`tr[data-plugin="${plugin}"]`);
  await row.getByTestId('process-state').and(page.locator('[data-state="running"]')).waitFor();
  return Number(await row.getByTestId('process-pid').innerText());
}
