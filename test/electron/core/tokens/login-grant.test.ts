/**
 * What an auth plugin's login becomes (`login-grant.ts`), as Vault's `LoginCreateToken` decides:
 * the display name from the mount path, policies with `default`, no root tokens, the TTL from the
 * plugin's TTL / max TTL / period within the mount's tuned TTLs, and the `Auth` kept for renewals
 * (bigints and the issue time through JSON and back).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VaultAuth } from '../../../../plugin-host';
import { authFromStore, loginDisplayName, loginGrant, loginPolicies, storedAuth } from '../../../../electron/core/tokens/login-grant';
import { MountTable } from '../../../../electron/core/mounts/mount-table';
import { CoreError } from '../../../../electron/core/core-errors';

const NS = 1_000_000_000n;
const NOW = Date.parse('2026-03-01T12:00:00Z');

function auth(change: Partial<VaultAuth> = {}, lease: Partial<VaultAuth['lease']> = {}): VaultAuth {
  return {
    lease: { ttlNs: 3600n * NS, ttlSeconds: 3600, maxTtlNs: 7200n * NS, incrementNs: 0n, renewable: true, issueTime: undefined, ...lease },
    internalData: { role: 'dev' },
    displayName: 'alice',
    policies: ['Reader', 'dev'],
    tokenPolicies: ['Reader', 'dev'],
    identityPolicies: [],
    metadata: { role: 'dev' },
    accessor: '',
    periodNs: 0n,
    explicitMaxTtlNs: 0n,
    numUses: 0,
    entityId: '',
    alias: { mountType: 'jwt', mountAccessor: 'a', name: 'alice', id: '', namespaceId: '', metadata: {}, customMetadata: {}, local: false, externalId: '', issuer: '' },
    groupAliases: [],
    boundCidrs: [],
    tokenType: 0,
    noDefaultPolicy: false,
    ...change,
  };
}

const mount = (ttls: { defaultLeaseTtl?: number; maxLeaseTtl?: number } = {}) =>
  MountTable.newEntry({ path: 'auth/team/jwt/', pluginType: 'auth', pluginName: 'jwt', pluginVersion: '', description: '', defaultLeaseTtl: ttls.defaultLeaseTtl ?? 0, maxLeaseTtl: ttls.maxLeaseTtl ?? 0, options: {} });

describe('login grant', () => {
  it("prefixes the display name with the mount's path, as Vault does", () => {
    assert.equal(loginDisplayName('auth/jwt/', 'alice'), 'jwt-alice');
    assert.equal(loginDisplayName('auth/team/jwt/', 'alice'), 'team-jwt-alice');
    assert.equal(loginDisplayName('auth/jwt/', ''), 'jwt');
  });

  it('sanitises the policies and adds default unless the plugin says not to', () => {
    assert.deepEqual(loginPolicies(auth()), ['default', 'dev', 'reader']);
    assert.deepEqual(loginPolicies(auth({ noDefaultPolicy: true })), ['dev', 'reader']);
  });

  it('gives an orphan token with the TTL the plugin asked for, the path of the login and the metadata', () => {
    const { grant } = loginGrant(mount(), 'auth/team/jwt/login', auth(), NOW);
    assert.equal(grant.parentHash, null);
    assert.equal(grant.path, 'auth/team/jwt/login');
    assert.equal(grant.displayName, 'team-jwt-alice');
    assert.equal(grant.leaseTtl, 3600);
    assert.equal(grant.expireTime, NOW + 3600_000);
    assert.deepEqual(grant.meta, { role: 'dev' });
    assert.equal(grant.login?.maxTtl, 7200);
  });

  it("caps the TTL at the mount's tuned max and uses its default when the plugin gives none", () => {
    const capped = loginGrant(mount({ maxLeaseTtl: 600 }), 'auth/team/jwt/login', auth(), NOW);
    assert.equal(capped.grant.leaseTtl, 600);
    assert.match(capped.warnings[0] ?? '', /capped/);
    const defaulted = loginGrant(mount({ defaultLeaseTtl: 900 }), 'auth/team/jwt/login', auth({}, { ttlNs: 0n, ttlSeconds: 0 }), NOW);
    assert.equal(defaulted.grant.leaseTtl, 900);
    const periodic = loginGrant(mount(), 'auth/team/jwt/login', auth({ periodNs: 300n * NS }), NOW);
    assert.deepEqual([periodic.grant.leaseTtl, periodic.grant.period], [300, 300]);
  });

  it('refuses to create a root token', () => {
    assert.throws(
      () => loginGrant(mount(), 'auth/team/jwt/login', auth({ policies: ['root'] }), NOW),
      (error: unknown) => error instanceof CoreError && error.code === 'invalid_request' && /authentication backends cannot create root tokens/.test(error.message),
    );
  });

  it('keeps the Auth as JSON and gives it back whole, for the renewal', () => {
    const original = auth({ explicitMaxTtlNs: 9000n * NS }, { issueTime: new Date(NOW) });
    const stored = JSON.parse(JSON.stringify(storedAuth(original))) as Record<string, unknown>;
    assert.deepEqual(authFromStore(stored), original);
  });
});
