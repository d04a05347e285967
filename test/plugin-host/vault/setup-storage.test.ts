import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readOnlyDuringSetup, SETUP_READ_ONLY_MESSAGE } from '../../../plugin-host/vault/setup-storage';
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
