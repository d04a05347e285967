/**
 * `plugins.logs` against real plugin processes: two catalog entries of the misbehave fixture, each
 * serving one mount, flood their stderr; the history answers by plugin, mount and level, pages
 * back without gaps or repeats, stays bounded per plugin, and the push events carry it in batches.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppServices } from '../../../../electron/core/app-services';
import type { PluginLogBatch, PluginLogView } from '../../../../electron/common/contract/plugins';
import { DEFAULT_LOG_HISTORY_LIMITS } from '../../../../electron/core/plugins/plugin-log-history';
import { call, callError, installPlugins, openServices, PASSPHRASE, removeDir, tempDataDir } from '../core-helpers';

const FLOOD = /^flood line \d+ of \d+$/;

async function allLines(services: AppServices, args: { plugin?: string; mount?: string; level?: PluginLogView['level'] }, limit: number) {
  const lines: PluginLogView[] = [];
  let before: number | undefined;
  let pages = 0;
  do {
    const page = await call(services, 'plugins.logs', { ...args, limit, ...(before === undefined ? {} : { before }) });
    assert.ok(page.lines.length <= limit);
    lines.unshift(...page.lines);
    before = page.nextBefore ?? undefined;
    pages += 1;
  } while (before !== undefined);
  return { lines, pages };
}

/** Waits until the history holds `count` flood lines of the plugin (stderr is read asynchronously). */
async function floodLines(services: AppServices, plugin: string, count: number): Promise<PluginLogView[]> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const page = await call(services, 'plugins.logs', { plugin, limit: 5_000 });
    const flood = page.lines.filter((line) => FLOOD.test(line.message));
    if (flood.length >= count) return flood;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the history never held ${count} flood lines of ${plugin}`);
}

describe('plugins.logs', () => {
  let services: AppServices;
  let dataDir: string;
  const batches: PluginLogBatch[] = [];

  before(async () => {
    dataDir = tempDataDir();
    await installPlugins(dataDir, ['strongroom-misbehave']);
    services = await openServices(dataDir);
    services.events.subscribe((event, payload) => {
      if (event === 'plugins.log') batches.push(payload as PluginLogBatch);
    });
    await call(services, 'seal.init', { passphrase: PASSPHRASE });
    for (const name of ['mis-a', 'mis-b']) {
      await call(services, 'plugins.register', { name, command: 'strongroom-misbehave', args: ['serve'] });
      await call(services, 'mounts.enable', { path: name.slice(4), type: name });
    }
    await call(services, 'requests.handle', { path: 'a/flood-lines/300', operation: 'read' });
    await call(services, 'requests.handle', { path: 'b/flood-lines/200', operation: 'read' });
    await floodLines(services, 'mis-a', 300);
    await floodLines(services, 'mis-b', 200);
  });
  after(async () => {
    await services.close();
    removeDir(dataDir);
  });

  test('every line is there, in order, tagged with its plugin and mount', async () => {
    const a = await floodLines(services, 'mis-a', 300);
    assert.equal(a.length, 300);
    assert.deepEqual(a.map((line) => line.message), Array.from({ length: 300 }, (_, i) => `flood line ${i + 1} of 300`));
    assert.ok(a.every((line) => line.plugin === 'mis-a' && line.mount === 'a/' && line.pid > 0), JSON.stringify(a[0]));
    const seqs = a.map((line) => line.seq);
    assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y));
  });

  test('mount keeps only the lines of the process serving that mount', async () => {
    const { lines } = await allLines(services, { mount: 'b' }, 5_000);
    assert.equal(lines.filter((line) => FLOOD.test(line.message)).length, 200);
    assert.ok(lines.every((line) => line.plugin === 'mis-b'));
    assert.deepEqual((await call(services, 'plugins.logs', { mount: 'nowhere/' })).lines, []);
  });

  test('level keeps that level and the more severe ones', async () => {
    const warn = (await allLines(services, { mount: 'a', level: 'warn' }, 5_000)).lines.filter((line) => FLOOD.test(line.message));
    // Of 300 lines every 10th is WARN, and every 50th of those ERROR instead.
    assert.deepEqual([warn.filter((l) => l.level === 'warn').length, warn.filter((l) => l.level === 'error').length], [24, 6]);
    const all = await allLines(services, { level: 'error' }, 5_000);
    assert.ok(all.lines.every((line) => line.level === 'error'));
    assert.equal(all.lines.filter((line) => FLOOD.test(line.message)).length, 6 + 4);
  });

  test('paging walks back through every line exactly once', async () => {
    const whole = (await call(services, 'plugins.logs', { limit: 5_000 })).lines;
    const paged = await allLines(services, {}, 64);
    assert.deepEqual(paged.lines.map((l) => l.seq), whole.map((l) => l.seq));
    assert.equal(paged.pages, Math.ceil(whole.length / 64));
  });

  test('the push events carried the same lines in batches, not one event per line', async () => {
    const pushed = () => batches.filter((b) => b.plugin === 'mis-a').flatMap((b) => b.lines).filter((line) => FLOOD.test(line.message));
    // A batch leaves up to one interval after its first line.
    for (let attempt = 0; attempt < 100 && pushed().length < 300; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(pushed().map((line) => line.seq), (await floodLines(services, 'mis-a', 300)).map((line) => line.seq));
    const floodBatches = batches.filter((b) => b.lines.some((line) => FLOOD.test(line.message)));
    assert.ok(floodBatches.length < 50, `${floodBatches.length} batches carried 500 flood lines`);
    assert.ok(batches.every((b) => b.dropped === 0));
  });

  test('bad arguments are refused with a clear error', async () => {
    const error = await callError(services, 'plugins.logs', { level: 'loud' });
    assert.equal(error.code, 'invalid_arguments');
    assert.match(error.message, /level/);
    assert.equal((await callError(services, 'plugins.logs', { limit: 100_000 })).code, 'invalid_arguments');
  });

  test('a long flood leaves at most the per-plugin bound in the history, the other plugin untouched', async () => {
    // The stderr reader passes ~500 lines/s (burst 1,000), so 12 s of flooding gets past the bound.
    await call(services, 'requests.handle', { path: 'a/flood-lines/24000/12000', operation: 'read' });
    const page = await call(services, 'plugins.logs', { plugin: 'mis-a', limit: 5_000 });
    assert.equal(page.lines.length, DEFAULT_LOG_HISTORY_LIMITS.linesPerPlugin);
    assert.ok(page.evicted > 0, 'older lines were evicted');
    assert.ok(!page.lines.some((line) => line.message === 'flood line 1 of 300'), 'the oldest lines went first');
    assert.ok(page.lines.some((line) => /lines dropped: the plugin logs faster/.test(line.message)), 'the rate limit said it dropped lines');
    assert.equal((await floodLines(services, 'mis-b', 200)).length, 200);
  });
});
