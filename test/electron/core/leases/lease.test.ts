import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { expiryFor, leaseView, needsLease, SYSTEM_DEFAULT_TTL_SECONDS, type LeaseRecord } from '../../../../electron/core/leases/lease';
import type { VaultSecret } from '../../../../plugin-host/vault/types';

describe('expiryFor', () => {
  const now = 1_000_000;
  const cases: Array<[string, number, { mountDefaultTtl: number; mountMaxTtl: number }, number, number]> = [
    ['the granted TTL', 60, { mountDefaultTtl: 0, mountMaxTtl: 0 }, 0, now + 60_000],
    ['0 means the mount default', 0, { mountDefaultTtl: 30, mountMaxTtl: 0 }, 0, now + 30_000],
    ['0 without a mount default means the system default', 0, { mountDefaultTtl: 0, mountMaxTtl: 0 }, 0, now + SYSTEM_DEFAULT_TTL_SECONDS * 1000],
    ['clamped by the mount maximum', 600, { mountDefaultTtl: 0, mountMaxTtl: 100 }, 0, now + 100_000],
    ['clamped by the secret maximum', 600, { mountDefaultTtl: 0, mountMaxTtl: 0 }, 50, now + 50_000],
  ];
  for (const [name, ttl, limits, secretMax, expected] of cases) {
    test(name, () => assert.equal(expiryFor(now, now, ttl, limits, secretMax), expected));
  }
  test('a renewal never extends past issue time + maximum', () => {
    const issued = now - 90_000;
    assert.equal(expiryFor(now, issued, 60, { mountDefaultTtl: 0, mountMaxTtl: 100 }), issued + 100_000);
  });
});

describe('needsLease', () => {
  const secret = (internalData: Record<string, unknown> | null): VaultSecret => ({
    leaseId: '',
    internalData,
    lease: { ttlNs: 1n, ttlSeconds: 1, maxTtlNs: 0n, incrementNs: 0n, renewable: false, issueTime: undefined },
  });
  test('a secret naming its secret_type is leased', () => assert.equal(needsLease(secret({ secret_type: 'creds' })), true));
  test('a bare TTL (KV v1 reads) is not', () => assert.equal(needsLease(secret(null)), false));
  test('no secret, no lease', () => assert.equal(needsLease(undefined), false));
  test('a bare TTL from a plugin other than kv is leased, as Vault registers it', () => {
    assert.equal(needsLease(secret(null), { pluginName: 'strongroom-kv', options: { version: '1' } }), true);
    assert.equal(needsLease(secret(null), { pluginName: 'kv', options: { version: '1' } }), false);
    assert.equal(needsLease(secret(null), { pluginName: 'kv', options: { leased_passthrough: 'true' } }), true);
  });
});

test('leaseView shows remaining seconds and never a negative TTL', () => {
  const record: LeaseRecord = {
    leaseId: 'kv/a/00000000-0000-4000-8000-000000000000',
    mountUuid: 'u',
    mountPath: 'kv/',
    path: 'a',
    issueTime: 0,
    expireTime: 10_000,
    lastRenewalTime: null,
    renewable: true,
    internalData: null,
    ttlSeconds: 10,
    data: null,
    revokeAttempts: 0,
    retryAt: null,
  };
  assert.equal(leaseView(record, 4_000).ttlSeconds, 6);
  assert.equal(leaseView(record, 20_000).ttlSeconds, 0);
  assert.equal(leaseView(record, 0).path, 'kv/a');
});
