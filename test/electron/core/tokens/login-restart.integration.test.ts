/**
 * A login's token outlives a restart with what its auth plugin granted: after the app is closed and
 * unsealed again, the token still authenticates, lookup-self shows the login's display name and
 * path, and a renewal goes back through the (restarted) auth plugin with the Auth it was issued
 * with. A real misbehaving auth plugin (`strongroom-misbehave auth`, whose renewals grant what is
 * asked), requests through the core's Vault API port, as the HTTP layer sends them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppServices } from '../../../../electron/core/app-services';
import { call, installPlugins, openServices, PASSPHRASE, removeDir, tempDataDir } from '../core-helpers';

describe("a login's token across a restart", () => {
  let dataDir: string;
  let services: AppServices;

  before(async () => {
    dataDir = tempDataDir();
    await installPlugins(dataDir, ['strongroom-misbehave']);
    services = await openServices(dataDir);
    await call(services, 'seal.init', { passphrase: PASSPHRASE });
    await call(services, 'plugins.register', { type: 'auth', name: 'misbehave', command: 'strongroom-misbehave', args: ['auth'] });
    await call(services, 'requests.handle', { path: 'sys/auth/mis', operation: 'write', data: { type: 'misbehave' } });
  });
  after(async () => {
    await services?.close();
    removeDir(dataDir);
  });

  test('still authenticates, looks up as the login made it, and renews through the plugin', async () => {
    const login = await services.vaultApi.handle({ path: 'auth/mis/login', operation: 'write', data: {}, unauthenticated: true });
    const token = login.auth?.client_token ?? '';
    assert.match(token, /^s\./);
    await services.close();
    services = await openServices(dataDir);
    await call(services, 'seal.unseal', { passphrase: PASSPHRASE });

    const caller = services.vaultApi.authenticate(token);
    assert.ok(caller !== undefined, 'the token survived the restart');
    assert.deepEqual([...caller.policies], ['default', 'misbehave']);
    const self = await services.vaultApi.handle({ path: 'auth/token/lookup-self', operation: 'read', token: caller });
    assert.deepEqual([self.data?.['display_name'], self.data?.['path']], ['mis-tester', 'auth/mis/login']);
    const renewed = await services.vaultApi.handle({ path: 'auth/token/renew-self', operation: 'write', data: { increment: '10m' }, token: caller });
    assert.equal(renewed.auth?.lease_duration, 600);

    await call(services, 'requests.handle', { path: 'sys/auth/mis', operation: 'delete' });
    assert.equal(services.vaultApi.authenticate(token), undefined, 'disabling the method revoked it');
  });
});
