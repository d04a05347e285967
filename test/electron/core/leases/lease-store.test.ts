/**
 * Where lease records are stored, and that records written by the earlier version (ids
 * `<path>/<uuid>`, stored as `core/leases/<uuid>`) still load, renew, revoke and expire. Real
 * storage; the backend stands in for the plugin and records what it was asked.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EventBus } from '../../../../electron/core/event-bus';
import type { LeaseRecord } from '../../../../electron/core/leases/lease';
import { LeaseManager, type LeaseBackend } from '../../../../electron/core/leases/lease-manager';
import { LeaseStore } from '../../../../electron/core/leases/lease-store';
import type { MountEntry } from '../../../../electron/core/mounts/mount-table';
import { Storage } from '../../../../electron/storage/storage';
import type { VaultSecret } from '../../../../plugin-host/vault/types';
import { nextEvent } from '../../../support/next-event';

const mount: MountEntry = {
  uuid: '6f1d2c3b-0a9e-4d8c-b7a6-5e4f3d2c1b0a',
  accessor: 'kv_1234abcd',
  path: 'leased/',
  pluginType: 'secret',
  pluginName: 'kv',
  pluginVersion: '',
  description: '',
  defaultLeaseTtl: 0,
  maxLeaseTtl: 0,
  options: {},
  createdAt: new Date(0).toISOString(),
};

/** A record as the earlier version wrote it: the id ends in a uuid, which is also its name. */
function putOldRecord(storage: Storage, uuid: string, relativePath: string, expireTime: number): LeaseRecord {
  const record: LeaseRecord = {
    leaseId: `leased/${relativePath}/${uuid}`,
    mountUuid: mount.uuid,
    mountPath: mount.path,
    path: relativePath,
    issueTime: Date.now() - 1000,
    expireTime,
    lastRenewalTime: null,
    renewable: true,
    internalData: { secret_type: 'kv' },
    ttlSeconds: 3600,
    data: { password: 'pw' },
    revokeAttempts: 0,
    retryAt: null,
  };
  storage.put(`core/leases/${uuid}`, Buffer.from(JSON.stringify(record)));
  return record;
}

describe('lease storage', () => {
  let dir: string;
  let storage: Storage;
  const calls: string[] = [];
  const backend: LeaseBackend = {
    call: async (_mount, operation, record) => {
      calls.push(`${operation} ${record.path}`);
      return null;
    },
  };
  const manager = (events = new EventBus()) => new LeaseManager({ store: new LeaseStore(storage), events, backend, mount: () => mount });

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-lease-store-'));
    storage = Storage.open({ dataDir: dir, kdf: { N: 2 ** 14, r: 8, p: 1 } });
    await storage.init('correct horse battery staple');
  });
  after(() => {
    storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores a new lease under the sha256 of its id, and forgets it there on revoke', async () => {
    const leases = manager();
    leases.start();
    const secret: VaultSecret = {
      leaseId: '',
      internalData: { secret_type: 'kv' },
      lease: { ttlNs: 3600n * 1_000_000_000n, ttlSeconds: 3600, maxTtlNs: 0n, incrementNs: 0n, renewable: true, issueTime: new Date() },
    };
    const record = leases.register(mount, 'new', secret, null);
    const name = `core/leases/${createHash('sha256').update(record.leaseId).digest('hex')}`;
    assert.deepEqual(JSON.parse(storage.get(name)?.toString('utf8') ?? 'null'), record);
    await leases.revoke(record.leaseId);
    leases.stop();
    assert.equal(storage.get(name), undefined);
  });

  it('a lease stored by the earlier version loads, renews and revokes', async () => {
    const uuid = '0b7c2d1e-3f4a-4b5c-8d6e-7f8091a2b3c4';
    const old = putOldRecord(storage, uuid, 'db', Date.now() + 3_600_000);
    const leases = manager();
    leases.start();
    assert.equal(leases.lookup(old.leaseId).path, 'leased/db');
    assert.deepEqual(leases.list({ limit: 10 }).leases.map((lease) => lease.leaseId), [old.leaseId]);

    const renewed = await leases.renew(old.leaseId, 600);
    assert.ok(renewed.ttlSeconds <= 600 && renewed.ttlSeconds > 590, `renewed to ${renewed.ttlSeconds}s`);
    assert.deepEqual(storage.list('core/leases/'), [uuid], 'the renewal is saved where the record already was');
    const saved = JSON.parse(storage.get(`core/leases/${uuid}`)?.toString('utf8') ?? 'null') as LeaseRecord;
    assert.equal(saved.ttlSeconds, 600);
    assert.notEqual(saved.lastRenewalTime, null);

    await leases.revoke(old.leaseId);
    leases.stop();
    assert.deepEqual(calls.slice(-2), ['renew db', 'revoke db']);
    assert.deepEqual(storage.list('core/leases/'), []);
  });

  it('a lease stored by the earlier version that expired meanwhile is revoked at start', async () => {
    const old = putOldRecord(storage, '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d', 'api', Date.now() - 1);
    const events = new EventBus();
    const expired = nextEvent(events, 'leases.expired');
    const leases = manager(events);
    leases.start();
    assert.deepEqual(await expired, { leaseId: old.leaseId, path: 'leased/api', expiredAt: new Date(old.expireTime).toISOString(), revoked: true });
    leases.stop();
    assert.equal(calls.at(-1), 'revoke api');
    assert.deepEqual(storage.list('core/leases/'), []);
  });
});
