/**
 * The contract's `tokens.list` and `tokens.revoke` through the real services: tokens the owner made
 * (`auth/token/create` with no token: orphans) and their children made over the API's path with a
 * token, listed by accessor with how many go with a tree revocation; `tree` takes the descendants,
 * `orphan` leaves the children as orphans; both audited as the `auth/token/` request; an unknown
 * accessor revokes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppServices } from '../../../../electron/core/app-services';
import { call, openServices, PASSPHRASE, removeDir, tempDataDir } from '../core-helpers';

describe('tokens.list and tokens.revoke', () => {
  let dataDir: string;
  let services: AppServices;

  /** `auth/token/create` as the owner, or as the token `parent` (its child). */
  async function create(data: Record<string, unknown>, parent?: string): Promise<{ id: string; accessor: string }> {
    const token = parent === undefined ? undefined : services.vaultApi.authenticate(parent);
    const result = await services.vaultApi.handle({ path: 'auth/token/create', operation: 'write', data, ...(token === undefined ? {} : { token }) });
    assert.ok(result.auth !== null);
    return { id: result.auth.client_token, accessor: result.auth.accessor };
  }

  before(async () => {
    dataDir = tempDataDir();
    services = await openServices(dataDir);
    await call(services, 'seal.init', { passphrase: PASSPHRASE });
    // A policy that lets a token make children (the default policy does not).
    const policy = 'path "auth/token/create" { capabilities = ["update"] }';
    await call(services, 'requests.handle', { path: 'sys/policies/acl/maker', operation: 'write', data: { policy } });
  });
  after(async () => {
    await services.close();
    removeDir(dataDir);
  });

  it('lists each token by accessor with its display name, policies, expiry, uses and its tree', async () => {
    const app = await create({ policies: ['maker'], display_name: 'app', ttl: '1h' });
    const child = await create({ policies: ['maker'], display_name: 'child', ttl: '30m' }, app.id);
    await create({ policies: ['maker'], display_name: 'grandchild', num_uses: 5 }, child.id);
    const { tokens } = await call(services, 'tokens.list', {});
    const byName = new Map(tokens.map((token) => [token.displayName, token]));
    const listed = byName.get('token-app');
    assert.ok(listed !== undefined, JSON.stringify(tokens));
    assert.equal(listed.accessor, app.accessor);
    assert.deepEqual(listed.policies, ['default', 'maker']);
    assert.equal(listed.orphan, true, 'the owner has no token to be a parent');
    assert.deepEqual([listed.numUses, byName.get('token-grandchild')?.numUses], [0, 5]);
    assert.ok(listed.expireTime !== null);
    const lookup = await services.vaultApi.handle({ path: 'auth/token/lookup-accessor', operation: 'write', data: { accessor: app.accessor } });
    assert.equal(listed.expireTime, lookup.data?.['expire_time']);
    assert.deepEqual([listed.children, listed.descendants], [1, 2]);
    assert.deepEqual([byName.get('token-child')?.orphan, byName.get('token-child')?.descendants], [false, 1]);
    assert.equal(byName.get('root')?.expireTime, null);
    assert.equal(JSON.stringify(tokens).includes(app.id), false, 'ids are never listed');
  });

  it('revokes a tree, or a token alone leaving its children as orphans, audited as auth/token/', async () => {
    const parent = await create({ policies: ['maker'], display_name: 'parent' });
    const kept = await create({ policies: ['maker'], display_name: 'kept' }, parent.id);
    assert.deepEqual(await call(services, 'tokens.revoke', { accessor: parent.accessor, mode: 'orphan' }), { revoked: 1 });
    const after = (await call(services, 'tokens.list', {})).tokens;
    assert.equal(after.some((token) => token.accessor === parent.accessor), false);
    assert.equal(after.find((token) => token.accessor === kept.accessor)?.orphan, true);
    assert.ok(services.vaultApi.authenticate(kept.id) !== undefined, 'the orphaned child still works');

    const app = (await call(services, 'tokens.list', {})).tokens.find((token) => token.displayName === 'token-app');
    assert.ok(app !== undefined);
    assert.deepEqual(await call(services, 'tokens.revoke', { accessor: app.accessor, mode: 'tree' }), { revoked: 3 });
    const names = (await call(services, 'tokens.list', {})).tokens.map((token) => token.displayName);
    assert.deepEqual(names.filter((name) => /app|child/.test(name)), [], 'the children and grandchildren went too');

    const audit = await call(services, 'audit.list', { path: 'auth/token/revoke-', limit: 20 });
    assert.deepEqual(audit.entries.filter((entry) => entry.kind === 'request').map((entry) => entry.path).sort(), ['auth/token/revoke-accessor', 'auth/token/revoke-orphan']);
    assert.deepEqual(await call(services, 'tokens.revoke', { accessor: 'no-such-accessor', mode: 'tree' }), { revoked: 0 });
  });
});
