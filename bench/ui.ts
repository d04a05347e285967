/**
 * `npm run bench -- ui`: the renderer's two performance targets, in Chromium against the real
 * headless mode.
 * - `first_paint_ms` (< 1,500): headless start (renderer build, services, server) plus the page
 *   load until the mounts table is painted. The passphrase step between the two is a person
 *   typing, so it is left out and reported on its own as `unseal_ms` (the scrypt KDF).
 * - `browse_10k_ms` (< 500): in the path browser, open a folder of 10,000 keys (the LIST through
 *   the plugin included), render it, and scroll to the last entry until it is painted.
 * The 10,000 keys are users of the Go fixture `strongroom-custom`, written through the contract.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { buildRenderer } from '../renderer/build';
import { createAppServices, type AppServices } from '../electron/core/app-services';
import { startHeadlessServer, type HeadlessServer } from '../electron/server/headless-server';
import type { MethodArgs, MethodName, MethodResult } from '../electron/common/contract';
import { ensureFixtures, fixturePath } from '../test/fixtures/plugins/fixtures';
import { launchChromium } from '../test/support/browser';

const PASSPHRASE = 'bench passphrase, not a secret';
const KEYS = 10_000;
const MOUNT = 'bench/';

interface Running {
  services: AppServices;
  server: HeadlessServer;
  close(): Promise<void>;
}

async function startHeadless(dataDir: string, rendererDir: string): Promise<Running> {
  await buildRenderer({ outDir: rendererDir });
  const services = await createAppServices({ dataDir, mode: 'headless' });
  const server = await startHeadlessServer({ services, rendererDir });
  return { services, server, close: async () => (await server.close(), await services.close()) };
}

async function call<M extends MethodName>(app: Running, method: M, args: MethodArgs<M>): Promise<MethodResult<M>> {
  const reply = await app.services.dispatch(method, args);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.code}: ${reply.error.message}`);
  return reply.result as MethodResult<M>;
}

/** Init, register and mount the custom engine, and write 10,000 users (8 requests in flight). */
async function seed(app: Running): Promise<void> {
  await call(app, 'seal.init', { passphrase: PASSPHRASE });
  const { pluginDirectory } = await call(app, 'plugins.list', {});
  fs.mkdirSync(pluginDirectory, { recursive: true });
  fs.copyFileSync(fixturePath('strongroom-custom'), path.join(pluginDirectory, 'strongroom-custom'));
  fs.chmodSync(path.join(pluginDirectory, 'strongroom-custom'), 0o755);
  await call(app, 'plugins.register', { name: 'custom', version: 'v0.1.0', command: 'strongroom-custom' });
  await call(app, 'mounts.enable', { path: MOUNT, type: 'custom' });
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < KEYS; i = next++) {
      const name = `user-${String(i).padStart(5, '0')}`;
      await call(app, 'requests.handle', { path: `${MOUNT}users/${name}`, operation: 'write', data: { email: `${name}@example.com` } });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** Scrolls the tree from top to bottom, 1,500 px per frame; the median and slowest frame, in ms. */
async function scrollFrames(page: Page): Promise<{ median: number; worst: number }> {
  const frames = await page.getByTestId('path-tree').evaluate(async (tree) => {
    tree.scrollTop = 0;
    const times: number[] = [];
    let last = performance.now();
    while (tree.scrollTop + tree.clientHeight < tree.scrollHeight - 1) {
      tree.scrollTop += 1500;
      await new Promise(requestAnimationFrame);
      const now = performance.now();
      times.push(now - last);
      last = now;
    }
    return times;
  });
  const sorted = [...frames].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] ?? 0, worst: sorted[sorted.length - 1] ?? 0 };
}

export async function run(): Promise<Record<string, number | string>> {
  await ensureFixtures({ names: ['strongroom-custom'], log: () => undefined });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-bench-ui-'));
  const rendererDir = path.join(dataDir, 'renderer');
  const browser = await launchChromium();
  try {
    const seedStarted = performance.now();
    const first = await startHeadless(dataDir, rendererDir);
    await seed(first);
    await first.close();
    const seedMs = performance.now() - seedStarted;

    // Timed: a cold headless start (the plugin is not running yet), then the mounts page.
    const started = performance.now();
    const app = await startHeadless(dataDir, rendererDir);
    const startMs = performance.now() - started;
    const unsealStarted = performance.now();
    await call(app, 'seal.unseal', { passphrase: PASSPHRASE });
    const unsealMs = performance.now() - unsealStarted;
    try {
      const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
      const pageStarted = performance.now();
      await page.goto(`${app.server.url}#/mounts`);
      await page.locator(`[data-testid="mounts-table"] tr[data-mount="${MOUNT}"]`).waitFor();
      const pageMs = performance.now() - pageStarted;

      await page.evaluate((hash) => (window.location.hash = hash), `#/browse/${MOUNT}`);
      await page.getByRole('treeitem', { name: 'users/', exact: true }).waitFor();
      const browseStarted = performance.now();
      await page.getByRole('treeitem', { name: 'users/', exact: true }).click();
      await page.waitForFunction((keys) => Number(document.querySelector('[data-testid="path-tree"]')?.getAttribute('data-rows')) > keys, KEYS);
      await page.getByTestId('path-tree').press('End');
      const lastKey = `user-${String(KEYS - 1).padStart(5, '0')}`;
      await page.getByRole('treeitem', { name: lastKey, exact: true }).waitFor();
      await page.evaluate(() => new Promise(requestAnimationFrame));
      const browseMs = performance.now() - browseStarted;
      const frames = await scrollFrames(page);
      const domRows = await page.getByRole('treeitem').count();
      await page.close();

      return {
        first_paint_ms: Math.round(startMs + pageMs),
        start_ms: Math.round(startMs),
        page_to_mounts_ms: Math.round(pageMs),
        unseal_ms: Math.round(unsealMs),
        browse_10k_ms: Math.round(browseMs),
        scroll_10k_median_frame_ms: Math.round(frames.median),
        scroll_10k_slowest_frame_ms: Math.round(frames.worst),
        tree_rows_in_dom: domRows,
        keys: KEYS,
        seed_ms: Math.round(seedMs),
        first_paint_target_ms: 1500,
        browse_10k_target_ms: 500,
      };
    } finally {
      await app.close();
    }
  } finally {
    await browser.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
