import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DATABASE_FILE } from '../../../electron/storage/database';
import { DEFAULT_KDF } from '../../../electron/storage/seal';
import { Storage } from '../../../electron/storage/storage';
import { FAST_KDF, MOUNT_A, PASSPHRASE, tempDataDir, unsealedStorage } from './helpers';

describe('seal', () => {
  it('a new data directory is not initialised, and storage calls say so', (t) => {
    const storage = Storage.open({ dataDir: tempDataDir(t), kdf: FAST_KDF });
    t.after(() => storage.close());
    assert.deepEqual(storage.status(), { initialized: false, sealed: true });
    assert.throws(() => storage.get('core/x'), { code: 'not_initialized' });
    return assert.rejects(storage.unseal(PASSPHRASE), { code: 'not_initialized' });
  });

  it('init leaves storage unsealed; a second init is refused', async (t) => {
    const { storage } = await unsealedStorage(t);
    assert.equal(storage.status().sealed, false);
    assert.equal(storage.status().activeKeyTerm, 1);
    await assert.rejects(storage.init('another good passphrase'), { code: 'already_initialized' });
  });

  it('refuses a short passphrase with the minimum length in the message', async (t) => {
    const storage = Storage.open({ dataDir: tempDataDir(t), kdf: FAST_KDF });
    t.after(() => storage.close());
    await assert.rejects(storage.init('hunter2'), { code: 'weak_passphrase', message: /at least 12 characters/ });
    await assert.rejects(storage.init('   short    '), { code: 'weak_passphrase' });
    assert.equal(storage.status().initialized, false);
  });

  it('sealed: every storage call answers sealed, and unseal restores access', async (t) => {
    const { storage } = await unsealedStorage(t);
    storage.put('core/kept', Buffer.from('value'));
    const view = storage.mountView(MOUNT_A);
    await view.put({ key: 'k', value: Buffer.from('v'), sealWrap: false });
    storage.seal();
    assert.deepEqual(storage.status(), { initialized: true, sealed: true, kdf: { algorithm: 'scrypt', ...FAST_KDF } });
    assert.throws(() => storage.get('core/kept'), { code: 'sealed' });
    assert.throws(() => storage.put('core/new', Buffer.from('x')), { code: 'sealed' });
    assert.throws(() => storage.delete('core/kept'), { code: 'sealed' });
    assert.throws(() => storage.list('core/'), { code: 'sealed' });
    assert.throws(() => storage.batch(() => 1), { code: 'sealed' });
    assert.throws(() => storage.rotate(), { code: 'sealed' });
    await assert.rejects(view.get('k'), { code: 'sealed' });
    await assert.rejects(view.put({ key: 'k', value: Buffer.from('w'), sealWrap: false }), { code: 'sealed' });
    await assert.rejects(view.delete('k'), { code: 'sealed' });
    await assert.rejects(view.list(''), { code: 'sealed' });
    assert.throws(() => view.deleteAll(), { code: 'sealed' });

    await storage.unseal(PASSPHRASE);
    assert.equal(storage.get('core/kept')?.toString(), 'value');
    assert.equal((await view.get('k'))?.value.toString(), 'v');
  });

  it('a wrong passphrase is refused and changes nothing', async (t) => {
    const { storage, dataDir } = await unsealedStorage(t);
    storage.put('core/x', Buffer.from('x'));
    storage.seal();
    storage.checkpoint();
    const before = readFileSync(join(dataDir, DATABASE_FILE));
    await assert.rejects(storage.unseal('wrong horse battery staple'), {
      code: 'wrong_passphrase',
      message: /nothing was changed/,
    });
    assert.equal(storage.status().sealed, true);
    storage.checkpoint();
    assert.deepEqual(readFileSync(join(dataDir, DATABASE_FILE)), before);
    await storage.unseal(PASSPHRASE);
    assert.equal(storage.get('core/x')?.toString(), 'x');
  });

  it('seal() during an unseal in progress wins: the unseal fails and no key is kept', async (t) => {
    const { storage } = await unsealedStorage(t);
    storage.seal();
    const unsealing = storage.unseal(PASSPHRASE);
    storage.seal();
    await assert.rejects(unsealing, { code: 'sealed', message: /unseal again/ });
    assert.equal(storage.status().sealed, true);
    assert.throws(() => storage.get('core/x'), { code: 'sealed' });
  });

  it('persists across close and reopen, sealed until unsealed', async (t) => {
    const dataDir = tempDataDir(t);
    const first = Storage.open({ dataDir, kdf: FAST_KDF });
    await first.init(PASSPHRASE);
    first.put('core/mounts', Buffer.from('{"kv/":"uuid"}'));
    await first.mountView(MOUNT_A).put({ key: 'creds/db', value: Buffer.from('s3cret'), sealWrap: false });
    first.close();
    assert.throws(() => first.get('core/mounts'), { code: 'closed' });

    const second = Storage.open({ dataDir, kdf: FAST_KDF });
    t.after(() => second.close());
    assert.deepEqual(
      { initialized: second.status().initialized, sealed: second.status().sealed },
      { initialized: true, sealed: true },
    );
    await second.unseal(PASSPHRASE);
    assert.equal(second.get('core/mounts')?.toString(), '{"kv/":"uuid"}');
    assert.equal((await second.mountView(MOUNT_A).get('creds/db'))?.value.toString(), 's3cret');
  });

  it('changePassphrase re-wraps the root key: the old passphrase stops working, data stays', async (t) => {
    const { storage } = await unsealedStorage(t);
    storage.put('core/x', Buffer.from('still here'));
    await assert.rejects(storage.changePassphrase('not the passphrase', 'a brand new passphrase'), {
      code: 'wrong_passphrase',
    });
    await storage.changePassphrase(PASSPHRASE, 'a brand new passphrase');
    storage.seal();
    await assert.rejects(storage.unseal(PASSPHRASE), { code: 'wrong_passphrase' });
    await storage.unseal('a brand new passphrase');
    assert.equal(storage.get('core/x')?.toString(), 'still here');
  });

  it('uses 128 MiB scrypt by default and stores the parameters', async (t) => {
    const storage = Storage.open({ dataDir: tempDataDir(t) });
    t.after(() => storage.close());
    await storage.init(PASSPHRASE);
    assert.deepEqual(storage.status().kdf, { algorithm: 'scrypt', ...DEFAULT_KDF });
    assert.equal(128 * DEFAULT_KDF.N * DEFAULT_KDF.r, 128 * 2 ** 20);
    storage.seal();
    await storage.unseal(PASSPHRASE);
    assert.equal(storage.status().sealed, false);
  });
});
