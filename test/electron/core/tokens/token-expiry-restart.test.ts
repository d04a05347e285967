/**
 * Token expiry across a real restart: the SQLite file is closed and opened again (a new `Storage`
 * unsealed with the passphrase, a new `TokenStore`), with an injected clock so the time the app was
 * stopped passes without sleeping. A token that expired meanwhile is refused and removed from the
 * barrier with its whole subtree (children that had not expired themselves too), and the store's
 * timer is armed again for the next expiry, which it then revokes without any lookup.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TokenStore } from '../../../../electron/core/tokens/token-store';
import { Storage } from '../../../../electron/storage/storage';

const PASSPHRASE = 'correct horse battery staple';
const KDF = { N: 2 ** 14, r: 8, p: 1 };

describe('token expiry across a restart', () => {
  let dir: string;
  let clock = Date.parse('2026-03-01T00:00:00Z');
  const now = () => clock;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-token-restart-'));
    const storage = Storage.open({ dataDir: dir, kdf: KDF });
    await storage.init(PASSPHRASE);
    storage.close();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function reopen(): Promise<{ storage: Storage; tokens: TokenStore }> {
    const storage = Storage.open({ dataDir: dir, kdf: KDF });
    await storage.unseal(PASSPHRASE);
    return { storage, tokens: TokenStore.open(storage, { now }) };
  }

  it('refuses and removes what expired while stopped, with its children, and re-arms the timer', async () => {
    const first = await reopen();
    const root = first.tokens.authenticate(first.tokens.createRoot().id);
    const expiring = first.tokens.create(root, { path: 'auth/token/create', orphan: false, ttl: 60 });
    const expiringCaller = first.tokens.authenticate(expiring.id);
    // A child that outlives its parent's TTL goes with the parent, as in Vault.
    const longChild = first.tokens.create(expiringCaller, { path: 'auth/token/create', orphan: false, ttl: 3600 });
    const orphan = first.tokens.create(expiringCaller, { path: 'auth/token/create-orphan', orphan: true, ttl: 3600 });
    const next = first.tokens.create(root, { path: 'auth/token/create', orphan: false, ttl: 62 });
    const lasting = first.tokens.create(root, { path: 'auth/token/create', orphan: false, ttl: 7200 });
    first.tokens.stop();
    first.storage.close();

    clock += 61_000;
    const second = await reopen();
    try {
      for (const gone of [expiring, longChild]) {
        assert.equal(second.tokens.authenticate(gone.id), undefined, 'refused after the restart');
        assert.equal(second.tokens.lookupAccessor(gone.record.accessor), undefined);
        assert.equal(second.storage.list('core/tokens/id/').includes(gone.record.idHash), false, 'its record is gone from the barrier');
      }
      assert.equal(second.storage.list('core/tokens/parent/').includes(`${expiring.record.idHash}/`), false, 'and its parent index');
      for (const kept of [orphan, next, lasting]) assert.notEqual(second.tokens.authenticate(kept.id), undefined, 'what has not expired still works');

      // `next` has one second left by the injected clock: the re-armed timer (about 1 s of real
      // time) finds it due and revokes it, with no request touching it.
      clock += 1000;
      const deadline = Date.now() + 15_000;
      while (second.storage.list('core/tokens/id/').includes(next.record.idHash)) {
        assert.ok(Date.now() < deadline, 'the timer armed at reopening revoked the next token to expire');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.notEqual(second.tokens.authenticate(lasting.id), undefined, 'and only it');
    } finally {
      second.tokens.stop();
      second.storage.close();
    }

    const third = await reopen();
    try {
      assert.equal(third.tokens.lookup(next.id), undefined, 'the timer revocation was persisted');
      assert.notEqual(third.tokens.lookup(orphan.id), undefined);
      assert.equal(third.tokens.accessors().length, 3, 'root, the orphan and the lasting token');
    } finally {
      third.tokens.stop();
      third.storage.close();
    }
  });
});
