/** StorageCapture over an in-memory StoragePort (an adapter of the real port, not a mock of the barrier). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StorageEntry, StoragePort } from '../../../../plugin-host';
import { KEPT_REQUESTS, StorageCapture } from '../../../../electron/core/storage-inspector/storage-capture';

function memoryPort(): StoragePort & { data: Map<string, Uint8Array> } {
  const data = new Map<string, Uint8Array>();
  return {
    data,
    list: async (prefix) => [...data.keys()].filter((key) => key.startsWith(prefix)).sort(),
    get: async (key) => (data.has(key) ? { key, value: data.get(key)!, sealWrap: false } : undefined),
    put: async (entry: StorageEntry) => void data.set(entry.key, entry.value),
    delete: async (key) => void data.delete(key),
  };
}
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (value: Uint8Array | null) => (value === null ? null : new TextDecoder().decode(value));

test('off, nothing is captured and the port is written as before', async () => {
  const capture = new StorageCapture();
  const port = memoryPort();
  const wrapped = capture.wrap('m', port);
  await capture.during('m', 'r1', () => wrapped.put({ key: 'k', value: bytes('v'), sealWrap: false }));
  assert.equal(text(port.data.get('k') ?? null), 'v');
  assert.equal(capture.request('r1'), undefined);
});

test('the first change keeps the value the request started from, the last change the value it left', async () => {
  const capture = new StorageCapture();
  const port = memoryPort();
  port.data.set('k', bytes('start'));
  const wrapped = capture.wrap('m', port);
  capture.setEnabled('m', true);
  await capture.during('m', 'r1', async () => {
    await wrapped.put({ key: 'k', value: bytes('middle'), sealWrap: false });
    await wrapped.put({ key: 'k', value: bytes('end'), sealWrap: false });
    await wrapped.put({ key: 'fresh', value: bytes('f'), sealWrap: false });
    await wrapped.delete('fresh');
  });
  const changes = capture.request('r1')!.changes;
  assert.deepEqual([text(changes.get('k')!.before), text(changes.get('k')!.after), changes.get('k')!.op], ['start', 'end', 'put']);
  assert.deepEqual([changes.get('fresh')!.before, changes.get('fresh')!.after, changes.get('fresh')!.op], [null, null, 'delete']);
  // A change outside any request (a periodic func) belongs to none.
  await wrapped.put({ key: 'k', value: bytes('later'), sealWrap: false });
  assert.equal(text(capture.request('r1')!.changes.get('k')!.after), 'end');
});

test('a change while two requests are in flight goes to both, flagged concurrent', async () => {
  const capture = new StorageCapture();
  const port = memoryPort();
  const wrapped = capture.wrap('m', port);
  capture.setEnabled('m', true);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const first = capture.during('m', 'r1', () => held);
  await capture.during('m', 'r2', () => wrapped.put({ key: 'k', value: bytes('v'), sealWrap: false }));
  release();
  await first;
  assert.equal(capture.request('r1')!.changes.get('k')!.concurrent, true);
  assert.equal(capture.request('r2')!.changes.get('k')!.concurrent, true);
});

test(`only the last ${KEPT_REQUESTS} captured requests are kept`, async () => {
  const capture = new StorageCapture();
  capture.setEnabled('m', true);
  for (let i = 0; i <= KEPT_REQUESTS; i++) await capture.during('m', `r${i}`, async () => undefined);
  assert.equal(capture.request('r0'), undefined);
  assert.ok(capture.request(`r${KEPT_REQUESTS}`));
  assert.ok(capture.request('r1'));
});

test("a mount served from the callback thread keeps that thread, and capture refuses it with the way back", () => {
  const capture = new StorageCapture();
  const served = { moduleUrl: 'file:///store.mjs', store: { id: 's' } };
  const offThreadPort = { ...memoryPort(), offThread: () => ({ ...served, scope: 'm' }) };
  assert.deepEqual(capture.wrap('m', offThreadPort).offThread(), { ...served, scope: 'm' });
  assert.throws(() => capture.setEnabled('m', true), /callback thread \(STRONGROOM_CALLBACK_THREAD=1\).*Restart Strongroom without STRONGROOM_CALLBACK_THREAD/);
  assert.equal(capture.isEnabled('m'), false);

  // Captured when its plugin is set up: the mount stays on the main thread, where capture sees it.
  const other = new StorageCapture();
  other.setEnabled('n', true);
  assert.equal(other.wrap('n', offThreadPort).offThread(), undefined);
  assert.equal(capture.wrap('p', memoryPort()).offThread(), undefined, 'a port that cannot go off thread');
});
