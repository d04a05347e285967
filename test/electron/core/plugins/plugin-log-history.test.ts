import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PluginLogLine } from '../../../../plugin-host';
import { PluginLogHistory } from '../../../../electron/core/plugins/plugin-log-history';

function line(plugin: string, message: string, level: PluginLogLine['level'] = 'info', mount?: string): PluginLogLine {
  return { time: '2026-01-01T00:00:00.000Z', level, message, fields: {}, plugin, pid: 7, ...(mount === undefined ? {} : { mount }) };
}

test('lines get ascending seq numbers across plugins, and a page comes back oldest first', () => {
  const history = new PluginLogHistory();
  const seqs = ['a', 'b', 'a', 'b'].map((plugin, i) => history.add(line(plugin, `m${i}`)).seq);
  const first = seqs[0] ?? 0;
  assert.deepEqual(seqs, [first, first + 1, first + 2, first + 3]);
  const later = new PluginLogHistory().add(line('a', 'after unseal')).seq;
  assert.ok(later > first + 3, 'a new history (the next unsealed period) keeps counting up');
  const page = history.query({ limit: 10 });
  assert.deepEqual(page.lines.map((l) => l.message), ['m0', 'm1', 'm2', 'm3']);
  assert.equal(page.nextBefore, null);
  assert.deepEqual(history.query({ plugin: 'b', limit: 10 }).lines.map((l) => l.message), ['m1', 'm3']);
  assert.deepEqual(history.query({ plugin: 'nobody', limit: 10 }).lines, []);
});

test('level keeps that level and more severe ones', () => {
  const history = new PluginLogHistory();
  for (const level of ['trace', 'debug', 'info', 'warn', 'error'] as const) history.add(line('p', level, level));
  assert.deepEqual(history.query({ level: 'warn', limit: 10 }).lines.map((l) => l.level), ['warn', 'error']);
  assert.deepEqual(history.query({ level: 'trace', limit: 10 }).lines.length, 5);
});

test('mount matches one of the mounts a shared process serves, with or without the trailing slash', () => {
  const history = new PluginLogHistory();
  history.add(line('p', 'one', 'info', 'kv/'));
  history.add(line('p', 'shared', 'info', 'kv/,other/'));
  history.add(line('p', 'untagged'));
  history.add(line('p', 'prefix only', 'info', 'kv2/'));
  assert.deepEqual(history.query({ mount: 'kv', limit: 10 }).lines.map((l) => l.message), ['one', 'shared']);
  assert.deepEqual(history.query({ mount: 'other/', limit: 10 }).lines.map((l) => l.message), ['shared']);
});

test('paging with before walks back through every matching line once, then says there is no more', () => {
  const history = new PluginLogHistory();
  for (let i = 0; i < 25; i += 1) history.add(line(i % 2 === 0 ? 'a' : 'b', `m${i}`, i % 3 === 0 ? 'error' : 'info'));
  const seen: string[] = [];
  let before: number | undefined;
  let pages = 0;
  do {
    const page = history.query({ level: 'error', limit: 3, ...(before === undefined ? {} : { before }) });
    assert.ok(page.lines.length <= 3);
    seen.unshift(...page.lines.map((l) => l.message));
    before = page.nextBefore ?? undefined;
    pages += 1;
  } while (before !== undefined);
  const expected = Array.from({ length: 25 }, (_, i) => i).filter((i) => i % 3 === 0).map((i) => `m${i}`);
  assert.deepEqual(seen, expected);
  assert.equal(pages, Math.ceil(expected.length / 3));
});

test('each plugin keeps at most its line budget, evicting its own oldest lines only', () => {
  const history = new PluginLogHistory({ linesPerPlugin: 100 });
  history.add(line('quiet', 'still here'));
  for (let i = 0; i < 2_500; i += 1) history.add(line('noisy', `n${i}`));
  const noisy = history.query({ plugin: 'noisy', limit: 5_000 });
  assert.equal(noisy.lines.length, 100);
  assert.equal(noisy.lines[0]?.message, 'n2400');
  assert.equal(noisy.lines.at(-1)?.message, 'n2499');
  assert.equal(noisy.evicted, 2_400);
  assert.deepEqual(history.query({ plugin: 'quiet', limit: 10 }).lines.map((l) => l.message), ['still here']);
});

test('the character budget bounds plugins that write long lines', () => {
  const history = new PluginLogHistory({ linesPerPlugin: 10_000, charsPerPlugin: 100_000 });
  for (let i = 0; i < 100; i += 1) history.add(line('wide', 'x'.repeat(10_000)));
  const kept = history.query({ plugin: 'wide', limit: 5_000 }).lines.length;
  assert.ok(kept >= 9 && kept <= 10, `kept ${kept} lines of 10,000 characters under a 100,000-character budget`);
  history.add(line('wide', 'y'.repeat(500_000)));
  assert.deepEqual(history.query({ plugin: 'wide', limit: 5_000 }).lines.map((l) => l.message[0]), ['y'], 'one line over the budget alone is still kept');
});
