/**
 * Leases with a real plugin: Vault's KV engine mounted as v1 with `leased_passthrough=true`
 * issues renewable leases for values stored with a `ttl`, and handles renew and revoke.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppServices } from '../../../../electron/core/app-services';
import { call, callError, removeDir, servicesWithKv } from '../core-helpers';
import { nextEvent } from '../../../support/next-event';

describe('leases through the KV engine (leased passthrough)', () => {
  let services: AppServices;
  let dataDir: string;

  before(async () => {
    ({ services, dataDir } = await servicesWithKv());
    await call(services, 'mounts.enable', { path: 'leased', type: 'kv', options: { version: '1', leased_passthrough: 'true' }, maxLeaseTtl: '1h' });
    await call(services, 'requests.handle', { path: 'leased/db', operation: 'write', data: { ttl: '30m', password: 'pw' } });
    await call(services, 'requests.handle', { path: 'leased/short', operation: 'write', data: { ttl: '2s', password: 'pw' } });
  });
  after(async () => {
    await services.close();
    removeDir(dataDir);
  });

  test('a leased read registers a lease named <path>/<24 base62>, as Vault names them', async () => {
    const read = await call(services, 'requests.handle', { path: 'leased/db', operation: 'read' });
    assert.ok(read.secret?.leaseId);
    assert.match(read.secret.leaseId, /^leased\/db\/[A-Za-z0-9]{24}$/);
    assert.equal(read.secret.ttlSeconds, 1800);
    assert.equal(read.secret.renewable, true);
    const lease = await call(services, 'leases.lookup', { leaseId: read.secret.leaseId });
    assert.equal(lease.path, 'leased/db');
    assert.ok(lease.ttlSeconds > 1790 && lease.ttlSeconds <= 1800);
  });

  test('KV v1 without leased passthrough returns a TTL but registers no lease (as Vault)', async () => {
    await call(services, 'mounts.enable', { path: 'plain', type: 'kv', options: { version: '1' } });
    await call(services, 'requests.handle', { path: 'plain/x', operation: 'write', data: { ttl: '1h', v: '1' } });
    const read = await call(services, 'requests.handle', { path: 'plain/x', operation: 'read' });
    assert.deepEqual(read.secret, { leaseId: null, ttlSeconds: 3600, renewable: false });
  });

  test('renew goes to the plugin and moves the expiry; revoke forgets the lease', async () => {
    const read = await call(services, 'requests.handle', { path: 'leased/db', operation: 'read' });
    const leaseId = read.secret?.leaseId as string;
    const before = await call(services, 'leases.lookup', { leaseId });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const renewed = await call(services, 'leases.renew', { leaseId, increment: '30m' });
    assert.ok(renewed.lastRenewalTime !== null);
    assert.ok(Date.parse(renewed.expireTime) > Date.parse(before.expireTime));
    await call(services, 'leases.revoke', { leaseId });
    assert.equal((await callError(services, 'leases.lookup', { leaseId })).code, 'lease_not_found');
    // Both calls reached the plugin as requests, and both are in the audit log.
    const audit = await call(services, 'audit.list', { path: 'leased/db', limit: 20 });
    const pairs = audit.entries.filter((e) => e.operation === 'renew' || e.operation === 'revoke').map((e) => `${e.operation}:${e.kind}`);
    assert.deepEqual(pairs.sort(), ['renew:request', 'renew:response', 'revoke:request', 'revoke:response']);
  });

  test('the mount maximum caps the lease', async () => {
    await call(services, 'requests.handle', { path: 'leased/long', operation: 'write', data: { ttl: '5h', v: '1' } });
    const read = await call(services, 'requests.handle', { path: 'leased/long', operation: 'read' });
    assert.equal(read.secret?.ttlSeconds, 3600);
  });

  test('leases.list pages by lease id and filters by prefix', async () => {
    for (let i = 0; i < 3; i++) await call(services, 'requests.handle', { path: 'leased/db', operation: 'read' });
    const all = await call(services, 'leases.list', { prefix: 'leased/db/' });
    assert.ok(all.total >= 3);
    const first = await call(services, 'leases.list', { prefix: 'leased/db/', limit: 2 });
    assert.equal(first.leases.length, 2);
    assert.ok(first.nextCursor !== null);
    const second = await call(services, 'leases.list', { prefix: 'leased/db/', limit: 2, cursor: first.nextCursor });
    assert.ok(second.leases.every((lease) => lease.leaseId > (first.nextCursor as string)));
    assert.deepEqual(
      [...first.leases, ...second.leases].map((lease) => lease.leaseId),
      all.leases.slice(0, first.leases.length + second.leases.length).map((lease) => lease.leaseId),
    );
  });

  test('revokePrefix revokes every lease under the prefix', async () => {
    const { revoked } = await call(services, 'leases.revokePrefix', { prefix: 'leased/db/' });
    assert.ok(revoked.length >= 3);
    assert.equal((await call(services, 'leases.list', { prefix: 'leased/db/' })).total, 0);
  });

  test('a lease is revoked by the plugin when it expires, with a leases.expired event', async () => {
    const read = await call(services, 'requests.handle', { path: 'leased/short', operation: 'read' });
    const leaseId = read.secret?.leaseId as string;
    const expired = await nextEvent(services.events, 'leases.expired', (event) => event.leaseId === leaseId, 6000);
    assert.equal(expired.revoked, true);
    assert.equal(expired.path, 'leased/short');
    assert.equal((await callError(services, 'leases.lookup', { leaseId })).code, 'lease_not_found');
  });

  test('the system backend exposes lookup, renew and revoke', async () => {
    const read = await call(services, 'requests.handle', { path: 'leased/db', operation: 'read' });
    const leaseId = read.secret?.leaseId as string;
    const lookup = await call(services, 'requests.handle', { path: 'sys/leases/lookup', operation: 'write', data: { lease_id: leaseId } });
    assert.equal((lookup.data as { id: string }).id, leaseId);
    await call(services, 'requests.handle', { path: 'sys/leases/revoke', operation: 'write', data: { lease_id: leaseId } });
    assert.equal((await callError(services, 'leases.lookup', { leaseId })).code, 'lease_not_found');
  });

  test('disabling a mount revokes its leases', async () => {
    const read = await call(services, 'requests.handle', { path: 'leased/db', operation: 'read' });
    const result = await call(services, 'mounts.disable', { path: 'leased' });
    assert.ok(result.revokedLeases >= 1);
    assert.equal((await callError(services, 'leases.lookup', { leaseId: read.secret?.leaseId as string })).code, 'lease_not_found');
  });
});
