import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PluginLogBatch } from '../../../electron/common/contract/plugins';
import { BoundedPushChannel } from '../../../electron/core/push-channel';

interface Sent {
  event: string;
  payload: unknown;
  ack: number | undefined;
}

function batch(plugin: string, lines: number, dropped = 0): PluginLogBatch {
  return {
    plugin,
    dropped,
    lines: Array.from({ length: lines }, (_, i) => ({ seq: i + 1, time: '', level: 'info' as const, message: '', fields: {}, plugin, pid: 1 })),
  };
}

function channel(window = 3) {
  const sent: Sent[] = [];
  const push = new BoundedPushChannel((event, payload, ack) => sent.push({ event, payload, ack }), window);
  return { sent, push, batches: () => sent.filter((s) => s.event === 'plugins.log').map((s) => s.payload as PluginLogBatch) };
}

test('log batches carry ack numbers; at most `window` may be unacknowledged, the rest are counted per plugin', () => {
  const { sent, push, batches } = channel(3);
  for (let i = 0; i < 10; i += 1) push.publish('plugins.log', batch(i % 2 === 0 ? 'a' : 'b', 10));
  assert.deepEqual(sent.map((s) => s.ack), [1, 2, 3]);
  assert.equal(push.unreportedDrops, 70);

  push.ack(3);
  // Room again: one marker batch per plugin that lost lines, before anything new.
  assert.deepEqual(batches().slice(3).map((b) => [b.plugin, b.lines.length, b.dropped]).sort(), [['a', 0, 30], ['b', 0, 40]]);
  assert.equal(push.unreportedDrops, 0);
});

test('missed lines are reported as soon as there is room, counting lines the host batcher dropped', () => {
  const { push, batches } = channel(1);
  push.publish('plugins.log', batch('a', 5));
  push.publish('plugins.log', batch('a', 7, 2));
  assert.equal(push.unreportedDrops, 9);
  push.ack(1);
  push.publish('plugins.log', batch('a', 4));
  push.ack(2);
  push.ack(3);
  push.publish('plugins.log', batch('a', 4));
  assert.deepEqual(batches().map((b) => [b.lines.length, b.dropped]), [[5, 0], [0, 9], [0, 4], [4, 0]]);
});

test('other events are always delivered, without an ack number', () => {
  const { sent, push } = channel(1);
  push.publish('plugins.log', batch('a', 1));
  push.publish('plugins.log', batch('a', 1));
  push.publish('app.ready', { at: 'now' });
  assert.deepEqual(sent.map((s) => [s.event, s.ack]), [['plugins.log', 1], ['app.ready', undefined]]);
});

test('acks that are stale, from the future or not integers change nothing', () => {
  const { sent, push } = channel(1);
  push.publish('plugins.log', batch('a', 1));
  for (const bogus of [0, 5, 1.5, Number.NaN]) push.ack(bogus);
  push.publish('plugins.log', batch('a', 1));
  assert.equal(sent.length, 1, 'still waiting for ack 1');
  push.ack(1);
  assert.equal(sent.length, 2, 'ack 1 frees the window: the missed line is reported');
  assert.equal((sent[1]?.payload as PluginLogBatch).dropped, 1);
});

test('reset (a reloaded page) frees the window and forgets counts the new page cannot place', () => {
  const { sent, push } = channel(2);
  for (let i = 0; i < 5; i += 1) push.publish('plugins.log', batch('a', 1));
  push.reset();
  assert.equal(push.unreportedDrops, 0);
  push.publish('plugins.log', batch('a', 1));
  assert.deepEqual(sent.map((s) => s.ack), [1, 2, 3]);
  assert.equal((sent[2]?.payload as PluginLogBatch).dropped, 0);
});
