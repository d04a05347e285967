/**
 * A plugin only ever gets its mount's storage view (`logical/<uuid>/`). This drives that exact
 * port with hostile keys, as a compromised plugin would send them over the Storage service, and
 * checks that another mount's data can neither be read nor changed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Storage } from '../../../../electron/storage';
import { call, openServices, PASSPHRASE, removeDir, servicesWithKv, TEST_KDF } from '../core-helpers';

test('hostile storage keys from one mount never reach another mount', async () => {
  const { services, dataDir } = await servicesWithKv({ version: '1' });
  let victimUuid = '';
  let attackerUuid = '';
  try {
    await call(services, 'mounts.enable', { path: 'attacker', type: 'kv', options: { version: '1' } });
    await call(services, 'requests.handle', { path: 'secret/target', operation: 'write', data: { v: 'original' } });
    const { mounts } = await call(services, 'mounts.list', {});
    victimUuid = mounts.find((m) => m.path === 'secret/')?.uuid as string;
    attackerUuid = mounts.find((m) => m.path === 'attacker/')?.uuid as string;
  } finally {
    await services.close();
  }

  const storage = Storage.open({ dataDir, kdf: TEST_KDF });
  try {
    await storage.unseal(PASSPHRASE);
    const port = storage.mountView(attackerUuid);
    const refused = (error: { code?: string }): boolean => error.code === 'invalid_storage_key';
    // Every key containing ".." is refused, as in Vault, whatever surrounds it.
    const traversals = [
      `../${victimUuid}/target`,
      `/../${victimUuid}/target`,
      `a/../../${victimUuid}/target`,
      `..\\${victimUuid}\\target`,
      `//../${victimUuid}/target`,
    ];
    for (const key of traversals) {
      await assert.rejects(port.get(key), refused, `get ${JSON.stringify(key)}`);
      await assert.rejects(port.put({ key, value: Buffer.from('{"v":"evil"}'), sealWrap: false }), refused);
      await assert.rejects(port.delete(key), refused);
      await assert.rejects(port.list(`${key}/`), refused);
    }
    // Keys Vault accepts (a leading "/", empty segments, NUL, the empty key, look-alikes of the
    // victim's storage path) are names inside the attacker's mount and nowhere else.
    const insideAttacker = [
      `logical/${victimUuid}/target`,
      `/logical/${victimUuid}/target`,
      `/${victimUuid}/target`,
      `//${victimUuid}//target`,
      `./${victimUuid}/target`,
      `target\u0000`,
      '/target',
      '',
    ];
    for (const key of insideAttacker) {
      assert.equal(await port.get(key), undefined, `get ${JSON.stringify(key)} sees nothing of the victim`);
      await port.put({ key, value: Buffer.from('{"v":"evil"}'), sealWrap: false });
      assert.equal((await port.get(key))?.value.toString(), '{"v":"evil"}');
    }
    assert.deepEqual(await port.list(''), ['', './', '/', 'logical/', 'target\u0000']);
    assert.deepEqual(await port.list('/'), ['/', `${victimUuid}/`, 'logical/', 'target']);
    assert.equal(await storage.mountView(victimUuid).list('').then((keys) => keys.join()), 'target');
    for (const key of insideAttacker) await port.delete(key);
    assert.deepEqual(await port.list(''), []);
    assert.equal(await storage.mountView(victimUuid).list('').then((keys) => keys.join()), 'target');
  } finally {
    storage.close();
  }

  const reopened = await openServices(dataDir);
  try {
    await call(reopened, 'seal.unseal', { passphrase: PASSPHRASE });
    const read = await call(reopened, 'requests.handle', { path: 'secret/target', operation: 'read' });
    assert.deepEqual(read.data, { v: 'original' });
  } finally {
    await reopened.close();
    removeDir(dataDir);
  }
});
