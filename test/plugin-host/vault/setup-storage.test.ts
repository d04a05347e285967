import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guardWrites, readOnlyDuringSetup, SETUP_READ_ONLY_MESSAGE } from '../../../plugin-host/vault/setup-storage';
import { MemoryStorage } from '../../support/memory-storage';

const entry = (key: string) => ({ key, value: new TextEncoder().encode('v'), sealWrap: false });

test('during Setup reads work and writes answer Vault\'s setup read-only error', async () => {
  const backing = new MemoryStorage();
  await backing.put(entry('existing'));
  const guarded = readOnlyDuringSetup(backing);
  assert.equal((await guarded.port.get('existing'))?.key, 'existing');
  assert.deepEqual(await guarded.port.list(''), ['existing']);
  await assert.rejects(guarded.port.put(entry('new')), { message: SETUP_READ_ONLY_MESSAGE });
  await assert.rejects(guarded.port.delete('existing'), { message: SETUP_READ_ONLY_MESSAGE });
  assert.equal(await backing.get('new'), undefined, 'nothing was written');
  assert.ok(await backing.get('existing'), 'nothing was deleted');
});

test('after Setup writes and deletes go through', async () => {
  const backing = new MemoryStorage();
  const guarded = readOnlyDuringSetup(backing);
  guarded.allowWrites();
  await guarded.port.put(entry('k'));
  assert.equal((await backing.get('k'))?.key, 'k');
  await guarded.port.delete('k');
  assert.equal(await backing.get('k'), undefined);
});

test("the callback thread's guard shares the flag: it refuses during Setup and lets writes through after", async () => {
  const backing = new MemoryStorage();
  const guarded = readOnlyDuringSetup(backing);
  // What the worker builds from the shared Int32Array it receives (structured clone keeps the memory).
  const threadSide = guardWrites(backing, structuredClone(guarded.writable));
  await assert.rejects(threadSide.put(entry('early')), { message: SETUP_READ_ONLY_MESSAGE });
  guarded.allowWrites();
  await threadSide.put(entry('late'));
  assert.equal(await backing.get('early'), undefined);
  assert.equal((await backing.get('late'))?.key, 'late');
});
