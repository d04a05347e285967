import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PluginLogBatch } from '../../../electron/common/contract/plugins';
import { EventBus } from '../../../electron/core/event-bus';
import { DEFAULT_PUSH_WINDOW } from '../../../electron/core/push-channel';
import { pushToWindow, type AckReceiver, type PushWindow } from '../../../electron/main/window-push';

interface FakeEvent {
  frame: 'ours' | 'foreign';
}
type AckListener = (event: FakeEvent, upTo: unknown) => void;

/** The parts of a BrowserWindow's webContents and of ipcMain that the wiring uses. */
function fakes() {
  const sent: Array<{ name: string; payload: unknown; ack: number | undefined }> = [];
  const acks = new Set<AckListener>();
  let navigate: ((details: { isMainFrame: boolean; isSameDocument: boolean }) => void) | undefined;
  const window: PushWindow = {
    isDestroyed: () => false,
    send: (_channel, name, payload, ack) => sent.push({ name, payload, ack }),
    onNavigation: (listener) => (navigate = listener),
  };
  const ipc: AckReceiver<FakeEvent> = {
    on: (_channel, listener) => acks.add(listener),
    removeListener: (_channel, listener) => acks.delete(listener),
  };
  const ack = (upTo: unknown, frame: FakeEvent['frame'] = 'ours') => {
    for (const listener of acks) listener({ frame }, upTo);
  };
  return { sent, window, ipc, ack, acks, navigate: (details: { isMainFrame: boolean; isSameDocument: boolean }) => navigate?.(details) };
}

const batch = (n: number): PluginLogBatch => ({
  plugin: 'p',
  dropped: 0,
  lines: Array.from({ length: n }, (_, i) => ({ seq: i + 1, time: '', level: 'info' as const, message: 'x', fields: {}, plugin: 'p', pid: 1 })),
});

test('log batches reach the window numbered; past the window they wait for acks from our frame only', () => {
  const bus = new EventBus();
  const f = fakes();
  const stop = pushToWindow(bus, f.window, f.ipc, (event) => event.frame === 'ours');
  for (let i = 0; i < DEFAULT_PUSH_WINDOW + 5; i += 1) bus.publish('plugins.log', batch(2));
  assert.equal(f.sent.length, DEFAULT_PUSH_WINDOW);
  f.ack(DEFAULT_PUSH_WINDOW, 'foreign');
  f.ack('8');
  assert.equal(f.sent.length, DEFAULT_PUSH_WINDOW, 'a foreign frame or a non-number acknowledges nothing');
  f.ack(DEFAULT_PUSH_WINDOW);
  const marker = f.sent.at(-1)?.payload as PluginLogBatch;
  assert.deepEqual([marker.lines.length, marker.dropped], [0, 10]);
  stop();
  assert.equal(f.acks.size, 0, 'stopping removes the ack listener');
  bus.publish('app.ready', { at: 'now' });
  assert.equal(f.sent.at(-1)?.name, 'plugins.log', 'and the bus subscription');
});

test('a reload frees the window; a hash change inside the page does not', () => {
  const bus = new EventBus();
  const f = fakes();
  pushToWindow(bus, f.window, f.ipc, () => true);
  for (let i = 0; i < DEFAULT_PUSH_WINDOW + 1; i += 1) bus.publish('plugins.log', batch(1));
  f.navigate({ isMainFrame: true, isSameDocument: true });
  bus.publish('plugins.log', batch(1));
  assert.equal(f.sent.length, DEFAULT_PUSH_WINDOW);
  f.navigate({ isMainFrame: true, isSameDocument: false });
  bus.publish('plugins.log', batch(1));
  assert.equal(f.sent.length, DEFAULT_PUSH_WINDOW + 1);
  assert.equal((f.sent.at(-1)?.payload as PluginLogBatch).dropped, 0, 'the new page is not told about the old page\'s losses');
});
