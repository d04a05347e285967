import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PluginLogBatch, PluginLogView } from '../../../../electron/common/contract/plugins';
import { PluginLogBatcher } from '../../../../electron/core/plugins/plugin-log-batcher';

let seq = 0;
function line(plugin: string): PluginLogView {
  seq += 1;
  return { seq, time: '2026-01-01T00:00:00.000Z', level: 'info', message: `m${seq}`, fields: {}, plugin, pid: 1 };
}

test('many lines within one interval leave as one batch per plugin, after the interval', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const sent: PluginLogBatch[] = [];
  const batcher = new PluginLogBatcher((batch) => sent.push(batch), { intervalMs: 75 });
  for (let i = 0; i < 1_000; i += 1) batcher.add(line(i % 2 === 0 ? 'a' : 'b'));
  assert.equal(sent.length, 0, 'nothing is sent before the interval ends');
  t.mock.timers.tick(74);
  assert.equal(sent.length, 0);
  t.mock.timers.tick(1);
  assert.deepEqual(sent.map((b) => [b.plugin, b.lines.length, b.dropped]).sort(), [['a', 500, 0], ['b', 500, 0]]);
  const a = sent.find((b) => b.plugin === 'a');
  assert.deepEqual(a?.lines.map((l) => l.seq), [...(a?.lines.map((l) => l.seq) ?? [])].sort((x, y) => x - y), 'lines keep their order');

  batcher.add(line('a'));
  t.mock.timers.tick(75);
  assert.equal(sent.length, 3, 'the next line starts the next interval');
  assert.equal(sent[2]?.lines.length, 1);
});

test('a batch holds at most maxLines; the rest are counted as dropped', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const sent: PluginLogBatch[] = [];
  const batcher = new PluginLogBatcher((batch) => sent.push(batch), { intervalMs: 50, maxLines: 100 });
  for (let i = 0; i < 350; i += 1) batcher.add(line('flood'));
  t.mock.timers.tick(50);
  assert.equal(sent.length, 1);
  assert.equal(sent[0]?.lines.length, 100);
  assert.equal(sent[0]?.dropped, 250);
});

test('flush sends what is pending at once and cancels the timer', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const sent: PluginLogBatch[] = [];
    const batcher = new PluginLogBatcher((batch) => sent.push(batch));
    batcher.add(line('a'));
    batcher.add(line('b'));
    batcher.flush();
    assert.equal(sent.length, 2);
    mock.timers.tick(1_000);
    assert.equal(sent.length, 2, 'no second send when the timer would have fired');
  } finally {
    mock.timers.reset();
  }
});
