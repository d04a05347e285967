import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MOUNT_A, MOUNT_B, unsealedStorage } from './helpers';

const entry = (key: string, value: string) => ({ key, value: Buffer.from(value), sealWrap: false });

describe('mount storage view', () => {
  it('scopes keys under logical/<uuid>/', async (t) => {
    const { storage } = await unsealedStorage(t);
    const view = storage.mountView(MOUNT_A);
    await view.put(entry('config', 'c'));
    assert.equal(view.prefix, `logical/${MOUNT_A}/`);
    assert.equal(storage.get(`logical/${MOUNT_A}/config`)?.toString(), 'c');
    assert.deepEqual(await view.get('config'), { key: 'config', value: Buffer.from('c'), sealWrap: false });
    assert.equal(await view.get('missing'), undefined);
  });

  // Vault refuses only keys containing ".." (and a lone surrogate cannot be stored as UTF-8).
  const refusedKeys = ['../x', `../${MOUNT_B}/secret`, `/../${MOUNT_B}/secret`, 'a/../../b', 'a..b',
    'a\\..\\..\\b', 'lone\ud83d'];
  for (const key of refusedKeys) {
    it(`refuses the key ${JSON.stringify(key)} for every operation, naming it and the rule`, async (t) => {
      const { storage } = await unsealedStorage(t);
      const view = storage.mountView(MOUNT_A);
      const refused = (error: { code?: string; message?: string; detail?: { key?: string } }): boolean =>
        error.code === 'invalid_storage_key' && error.detail?.key === key && error.message!.includes(JSON.stringify(key));
      await assert.rejects(view.get(key), refused);
      await assert.rejects(view.put(entry(key, 'x')), refused);
      await assert.rejects(view.delete(key), refused);
      await assert.rejects(view.list(`${key}/`), (error: { code?: string }) => error.code === 'invalid_storage_key');
      assert.deepEqual(storage.list('logical/'), [], 'nothing was written anywhere');
    });
  }

  // Everything else Vault accepts, stored as sent under this mount's prefix and nowhere else.
  const vaultKeys = ['/x', '/', 'crls//x-delta', 'a//b', 'a/', './x', 'a/./b', 'a\\b', 'nul\u0000byte',
    'line\nbreak', '', `/logical/${MOUNT_B}/secret`];
  for (const key of vaultKeys) {
    it(`stores the key ${JSON.stringify(key)} as Vault does, inside the mount`, async (t) => {
      const { storage } = await unsealedStorage(t);
      const view = storage.mountView(MOUNT_A);
      const other = storage.mountView(MOUNT_B);
      await other.put(entry('secret', "b's"));
      await view.put(entry(key, `value of ${key}`));
      assert.deepEqual(await view.get(key), { key, value: Buffer.from(`value of ${key}`), sealWrap: false });
      assert.equal(await other.get(key), undefined, 'the other mount does not see it');
      assert.equal((await other.get('secret'))?.value.toString(), "b's");
      await view.delete(key);
      assert.equal(await view.get(key), undefined);
      assert.deepEqual(await view.list(''), []);
      assert.deepEqual(await other.list(''), ['secret']);
    });
  }

  it('lists keys with empty segments and a leading "/" as Vault does', async (t) => {
    const { storage } = await unsealedStorage(t);
    const view = storage.mountView(MOUNT_A);
    for (const key of ['crls//x-delta', 'crls/x', '/top', '/dir/y', 'plain']) await view.put(entry(key, key));
    // Vault lists by string prefix and cuts each name after its first "/" (an empty segment is "/").
    assert.deepEqual(await view.list(''), ['/', 'crls/', 'plain']);
    assert.deepEqual(await view.list('/'), ['dir/', 'top']);
    assert.deepEqual(await view.list('crls/'), ['/', 'x']);
    assert.deepEqual(await view.list('crls//'), ['x-delta']);
    assert.deepEqual(await view.list('/dir/'), ['y']);
  });

  it("cannot read or write another mount's data through its prefix", async (t) => {
    const { storage } = await unsealedStorage(t);
    const a = storage.mountView(MOUNT_A);
    const b = storage.mountView(MOUNT_B);
    await b.put(entry('secret', "b's secret"));
    assert.equal(await a.get(`logical/${MOUNT_B}/secret`), undefined);
    await a.put(entry(`logical/${MOUNT_B}/secret`, 'overwritten?'));
    assert.equal((await b.get('secret'))?.value.toString(), "b's secret");
    assert.equal(storage.get(`logical/${MOUNT_A}/logical/${MOUNT_B}/secret`)?.toString(), 'overwritten?');
    await a.delete(`logical/${MOUNT_B}/secret`);
    assert.equal((await b.get('secret'))?.value.toString(), "b's secret");
    assert.deepEqual(await a.list(''), []);
  });

  it('lists direct children with sub-folders once, ending in "/"', async (t) => {
    const { storage } = await unsealedStorage(t);
    const view = storage.mountView(MOUNT_A);
    const other = storage.mountView(MOUNT_B);
    for (const key of ['config', 'role/admin', 'role/reader', 'role/team/a', 'role/team/b', 'role/team/c/d',
      'role0', 'roles/x', 'z', 'ü/1', '😀']) {
      await view.put(entry(key, key));
    }
    await other.put(entry('role/not-mine', 'x'));
    assert.deepEqual(await view.list(''), ['config', 'role/', 'role0', 'roles/', 'z', 'ü/', '😀']);
    assert.deepEqual(await view.list('role/'), ['admin', 'reader', 'team/']);
    assert.deepEqual(await view.list('role/team/'), ['a', 'b', 'c/']);
    assert.deepEqual(await view.list('rol'), ['e/', 'e0', 'es/']);
    assert.deepEqual(await view.list('nothing/'), []);
  });

  it('deleteAll removes this mount and nothing else', async (t) => {
    const { storage } = await unsealedStorage(t);
    const a = storage.mountView(MOUNT_A);
    const b = storage.mountView(MOUNT_B);
    for (let i = 0; i < 20; i++) await a.put(entry(`k/${i}`, 'a'));
    await b.put(entry('k/0', 'b'));
    storage.put('core/mounts', Buffer.from('table'));
    assert.equal(a.deleteAll(), 20);
    assert.deepEqual(await a.list(''), []);
    assert.equal((await b.get('k/0'))?.value.toString(), 'b');
    assert.equal(storage.get('core/mounts')?.toString(), 'table');
  });

  it('refuses a mount uuid that is not a UUID', async (t) => {
    const { storage } = await unsealedStorage(t);
    assert.throws(() => storage.mountView('../core'), { code: 'invalid_key' });
  });
});
