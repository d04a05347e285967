import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStorage } from './memory-storage';

test('list returns direct children with folders ending in /', async () => {
  const storage = new MemoryStorage();
  for (const key of ['users/ada', 'users/bob', 'users/admins/root', 'config']) {
    await storage.put({ key, value: new Uint8Array([1]), sealWrap: false });
  }
  assert.deepEqual(await storage.list(''), ['config', 'users/']);
  assert.deepEqual(await storage.list('users/'), ['ada', 'admins/', 'bob']);
  await storage.delete('users/bob');
  assert.deepEqual(await storage.list('users/'), ['ada', 'admins/']);
  assert.equal(await storage.get('users/bob'), undefined);
});

test('stored bytes are copies', async () => {
  const storage = new MemoryStorage();
  const value = new Uint8Array([1, 2]);
  await storage.put({ key: 'k', value, sealWrap: true });
  value[0] = 9;
  const entry = await storage.get('k');
  assert.deepEqual([...(entry?.value ?? [])], [1, 2]);
  assert.equal(entry?.sealWrap, true);
});
