/**
 * auth/token/ through the real router without a plugin: the UI (no token) acting as the owner,
 * num_uses spent per request whatever the path, the audit log recording the caller's accessor
 * (never the id) and the issued token HMAC'd, help from the declarations, and auth/token/ reserved.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertMountPathFree } from '../../../../electron/core/mounts/mount-path';
import { openTokenCore, type TokenCore } from './token-harness';

describe('auth/token/ through the router', () => {
  let core: TokenCore;

  before(async () => {
    core = await openTokenCore();
  });
  after(async () => {
    await core.close();
  });

  it('the UI has no token: *-self paths say so, create makes an orphan root child', async () => {
    for (const path of ['auth/token/lookup-self', 'auth/token/renew-self', 'auth/token/revoke-self']) {
      const reply = await core.request(path.endsWith('lookup-self') ? 'GET' : 'POST', path);
      assert.equal(reply.status, 400, path);
      assert.equal(reply.body?.['code'], 'no_token');
      assert.match(String((reply.body?.['errors'] as string[])[0]), /X-Vault-Token/);
    }
    const missing = await core.request('POST', 'auth/token/lookup', {});
    assert.match(String((missing.body?.['errors'] as string[])[0]), /missing token ID/);
    const created = await core.request('POST', 'auth/token/create', { ttl: '10m' });
    const auth = created.body?.['auth'] as { client_token: string; orphan: boolean; policies: string[]; lease_duration: number };
    assert.equal(auth.orphan, true);
    assert.deepEqual(auth.policies, ['root']);
    assert.equal(auth.lease_duration, 600);
    const lookup = await core.request('POST', 'auth/token/lookup', { token: auth.client_token });
    assert.equal((lookup.body?.['data'] as { id: string }).id, auth.client_token);
  });

  it('spends one use per request on any path, then the token is gone', async () => {
    const created = await core.request('POST', 'auth/token/create', { num_uses: 2 }, core.rootToken);
    const token = (created.body?.['auth'] as { client_token: string }).client_token;
    assert.equal((await core.request('GET', 'sys/key-status', undefined, token)).status, 200);
    const last = await core.request('GET', 'auth/token/lookup-self', undefined, token);
    assert.equal((last.body?.['data'] as { num_uses: number }).num_uses, -1, 'during the last use: -1, as OpenBao shows it');
    assert.equal((await core.request('GET', 'sys/key-status', undefined, token)).status, 403);
    assert.equal(core.lifecycle.core().tokens.authenticate(token), undefined);
  });

  it('the audit log records the accessor, never the token id, and HMACs an issued token', async () => {
    const root = core.lifecycle.core().tokens.authenticate(core.rootToken);
    const created = await core.request('POST', 'auth/token/create', { display_name: 'audited' }, core.rootToken);
    const issued = (created.body?.['auth'] as { client_token: string }).client_token;
    const all = core.auditLog.list({ limit: 500, path: 'auth/token/create' }).entries;
    const requestId = all.find((entry) => entry.kind === 'request' && Object.keys((entry.data as { data: object }).data).includes('display_name'))?.requestId;
    const entries = all.filter((entry) => entry.requestId === requestId);
    assert.deepEqual(entries.map((entry) => entry.kind).sort(), ['request', 'response']);
    for (const entry of entries) assert.equal(entry.accessor, root?.accessor);
    const response = entries.find((entry) => entry.kind === 'response')?.data as { auth: { client_token: string; display_name?: string } };
    assert.match(response.auth.client_token, /^hmac-sha256:[0-9a-f]{64}$/);
    const everything = JSON.stringify(core.auditLog.list({ limit: 500 }).entries);
    assert.equal(everything.includes(core.rootToken), false, 'no root token id in the log');
    assert.equal(everything.includes(issued), false, 'no issued token id in the log');
    const ui = core.auditLog.list({ limit: 500, path: 'auth/token/lookup' }).entries;
    assert.ok(ui.some((entry) => entry.accessor === null), 'the UI’s requests have no accessor');
  });

  it('answers help from the declarations and keeps auth/token/ for itself', async () => {
    const help = await core.lifecycle.core().router.help('auth/token/create');
    assert.equal(help.mount.path, 'auth/token/');
    assert.match(help.help, /Create a token/);
    assert.ok(Object.keys((help.openapi as { paths: Record<string, unknown> }).paths).includes('/create'));
    assert.throws(() => assertMountPathFree('auth/token/', []), /reserved for Strongroom's built-in auth\/token\/ backend/);
    assert.throws(() => assertMountPathFree('auth/', []), /reserved/);
    assert.doesNotThrow(() => assertMountPathFree('auth-kv/', []));
  });
});
