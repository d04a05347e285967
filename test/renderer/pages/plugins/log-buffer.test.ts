import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PluginLogView } from '../../../../electron/common/contract/plugins';
import { appendBatch, mergeHistory, type LogRow } from '../../../../renderer/src/pages/plugins/log-buffer';

function lines(from: number, to: number, plugin = 'p'): PluginLogView[] {
  return Array.from({ length: to - from + 1 }, (_, i) => ({
    seq: from + i,
    time: '2026-01-01T00:00:00.000Z',
    level: 'info' as const,
    message: `m${from + i}`,
    fields: {},
    plugin,
    pid: 1,
  }));
}

const seqs = (rows: LogRow[]) => rows.map((r) => r.seq);

test('a batch appends its new lines once; a repeated batch changes nothing (same array)', () => {
  const rows = appendBatch([], { plugin: 'p', lines: lines(1, 3), dropped: 0 });
  assert.deepEqual(seqs(rows), [1, 2, 3]);
  assert.equal(appendBatch(rows, { plugin: 'p', lines: lines(2, 3), dropped: 0 }), rows);
  assert.deepEqual(seqs(appendBatch(rows, { plugin: 'p', lines: lines(3, 5), dropped: 0 })), [1, 2, 3, 4, 5]);
});

test('a plugin\'s batch may hold lines older than another plugin\'s already shown: they go in seq order', () => {
  const a = appendBatch([], { plugin: 'a', lines: lines(5, 6, 'a'), dropped: 0 });
  const both = appendBatch(a, { plugin: 'b', lines: [...lines(3, 4, 'b'), ...lines(7, 7, 'b')], dropped: 0 });
  assert.deepEqual(seqs(both), [3, 4, 5, 6, 7]);
  assert.deepEqual(both.map((r) => r.plugin), ['b', 'b', 'a', 'a', 'b']);
});

test('dropped lines become one marker row in front of the batch\'s lines', () => {
  const rows = appendBatch(lines(1, 2), { plugin: 'p', lines: lines(40, 41), dropped: 37 });
  assert.deepEqual(seqs(rows), [1, 2, 39.5, 40, 41]);
  assert.equal(rows[2]?.dropped, 37);
  assert.match(rows[2]?.message ?? '', /^37 lines dropped/);
  const empty = appendBatch(rows, { plugin: 'p', lines: [], dropped: 5 });
  assert.equal(empty.at(-1)?.dropped, 5, 'a batch of only a count still shows the marker');
  assert.deepEqual(seqs(appendBatch(empty, { plugin: 'p', lines: lines(42, 42), dropped: 0 })).slice(-2), [41.5, 42]);
});

test('the buffer keeps only the newest `limit` rows', () => {
  let rows: LogRow[] = [];
  for (let start = 1; start <= 1_000; start += 100) rows = appendBatch(rows, { plugin: 'p', lines: lines(start, start + 99), dropped: 0 }, 250);
  assert.equal(rows.length, 250);
  assert.deepEqual([rows[0]?.seq, rows.at(-1)?.seq], [751, 1_000]);
});

test('history merges in by seq, without duplicates, and within the bound', () => {
  const live = lines(8, 10);
  const merged = mergeHistory(live, lines(1, 9));
  assert.deepEqual(seqs(merged), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.equal(mergeHistory(merged, lines(3, 6)), merged, 'nothing new: the same array');
  assert.deepEqual(seqs(mergeHistory(live, lines(1, 7), 5)), [6, 7, 8, 9, 10]);
});
