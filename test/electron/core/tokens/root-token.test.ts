/**
 * The root token through the real services: `seal.init` returns it once (and it authenticates as
 * root), it survives seal/unseal, and `tokens.rotateRoot` revokes every root token (with its
 * children) and returns a new one, answering `sealed` while sealed. Audited as sys/generate-root.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppServices } from '../../../../electron/core/app-services';
import { call, callError, openServices, PASSPHRASE, removeDir, tempDataDir } from '../core-helpers';
import { CoreLifecycle } from '../../../../electron/core/core-lifecycle';
import { EventBus } from '../../../../electron/core/event-bus';
import { AuditLog } from '../../../../electron/core/audit/audit-log';
import { Storage } from '../../../../electron/storage/storage';
import { TEST_KDF } from '../core-helpers';

describe('root token', () => {
  let dataDir: string;
  let services: AppServices;

  before(async () => {
    dataDir = tempDataDir();
    services = await openServices(dataDir);
  });
  after(async () => {
    await services.close();
    removeDir(dataDir);
  });

  it('seal.init returns it once; tokens.rotateRoot replaces it; both gated and audited', async () => {
    const init = await call(services, 'seal.init', { passphrase: PASSPHRASE });
    assert.match(init.rootToken, /^s\.[A-Za-z0-9]{24}$/);
    assert.equal(init.sealed, false);
    assert.equal('rootToken' in (await call(services, 'seal.status', {})), false, 'status never shows it');

    await call(services, 'seal.seal', {});
    assert.equal((await callError(services, 'tokens.rotateRoot', {})).code, 'sealed');
    await call(services, 'seal.unseal', { passphrase: PASSPHRASE });

    const rotated = await call(services, 'tokens.rotateRoot', {});
    assert.match(rotated.rootToken, /^s\.[A-Za-z0-9]{24}$/);
    assert.notEqual(rotated.rootToken, init.rootToken);
    assert.equal(rotated.revoked, 1, 'the root token from init');
    const audit = await call(services, 'audit.list', { path: 'sys/generate-root', limit: 10 });
    assert.deepEqual(audit.entries.map((entry) => entry.kind).sort(), ['request', 'response']);
    assert.equal(JSON.stringify(audit.entries).includes(rotated.rootToken), false, 'the new token is HMAC\'d in the log');
  });

  it('the lifecycle hands out a root token that authenticates as root and outlives a seal', async () => {
    const dir = tempDataDir();
    const storage = Storage.open({ dataDir: dir, kdf: TEST_KDF });
    const auditLog = new AuditLog(storage.openAuditConnection());
    const lifecycle = new CoreLifecycle({ storage, dataDir: dir, events: new EventBus(), auditLog });
    try {
      const { rootToken } = await lifecycle.init(PASSPHRASE);
      assert.deepEqual(lifecycle.core().tokens.authenticate(rootToken)?.policies, ['root']);
      assert.equal(lifecycle.core().tokens.authenticate(rootToken)?.displayName, 'root');
      await lifecycle.seal();
      await lifecycle.unseal(PASSPHRASE);
      assert.deepEqual(lifecycle.core().tokens.authenticate(rootToken)?.policies, ['root'], 'still valid after seal/unseal');
    } finally {
      await lifecycle.close();
      auditLog.close();
      storage.close();
      removeDir(dir);
    }
  });
});
