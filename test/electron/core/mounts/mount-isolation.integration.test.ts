/**
 * A plugin only ever gets its mount's storage view (`logical/<uuid>/`). This drives that exact
 * port with hostile keys, as a compromised plugin would send them over the Storage service, and
 * checks that another mount's data can neither be read nor changed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Storage } from '../../../../electron/storage/storage';
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
    const escaping = [
      `../${victimUuid}/target`,
      `/logical/${victimUuid}/target`,
      `a/../../${victimUuid}/target`,
      `..\\${victimUuid}\\target`,
      `target\u0000`,
      '',
    ];
    for (const key of escaping) {
      await assert.rejects(port.get(key), (error: { code?: string }) => error.code === 'storage_key_outside_mount', `get ${JSON.stringify(key)}`);
      await assert.rejects(port.put({ key, value: Buffer.from('{"v":"evil"}'), sealWrap: false }), (error: { code?: string }) => error.code === 'storage_key_outside_mount');
      await assert.rejects(port.delete(key), (error: { code?: string }) => error.code === 'storage_key_outside_mount');
    }
    await assert.rejects(port.list(`../${victimUuid}/`), (error: { code?: string }) => error.code === 'storage_key_outside_mount');
    // Keys that merely look like another mount's storage path stay inside the attacker's mount.
    const lookalike = `logical/${victimUuid}/target`;
    assert.equal(await port.get(lookalike), undefined);
    await port.put({ key: lookalike, value: Buffer.from('{"v":"evil"}'), sealWrap: false });
    assert.deepEqual(await port.list(''), ['logical/']);
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
