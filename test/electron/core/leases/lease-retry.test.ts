/**
 * What happens when the plugin cannot revoke an expired lease: the manager retries with doubling
 * delays (persisted, so a restart resumes the count), gives up after six attempts with an event
 * saying so, and stops retrying as soon as a revocation succeeds. Real storage; the backend stands
 * in for a plugin that cannot be reached, with a 5 ms retry base instead of 1 s.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ContractEvents } from '../../../../electron/common/contract';
import { EventBus } from '../../../../electron/core/event-bus';
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

function secret(ttlSeconds: number): VaultSecret {
  return {
    leaseId: '',
    internalData: {},
    lease: { ttlNs: BigInt(ttlSeconds) * 1_000_000_000n, ttlSeconds, maxTtlNs: 0n, incrementNs: 0n, renewable: true, issueTime: new Date() },
  };
}

describe('lease revocation retries', () => {
  let dir: string;
  let storage: Storage;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-lease-retry-'));
    storage = Storage.open({ dataDir: dir, kdf: { N: 2 ** 14, r: 8, p: 1 } });
    await storage.init('correct horse battery staple');
  });
  after(() => {
    storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function manager(backend: LeaseBackend, events = new EventBus()): { leases: LeaseManager; events: EventBus } {
    const leases = new LeaseManager({ store: new LeaseStore(storage), events, backend, mount: () => mount, retryBaseMs: 5 });
    return { leases, events };
  }

  it('gives up after six failed attempts, with the last error in the event, and forgets the lease', async () => {
    const attempts: number[] = [];
    const { leases, events } = manager({
      call: async () => {
        attempts.push(Date.now());
        throw new Error('plugin_exited: the plugin could not be started');
      },
    });
    const changes: string[] = [];
    events.subscribe((event, payload) => {
      if (event === 'leases.changed') changes.push((payload as ContractEvents['leases.changed']).change);
    });
    leases.start();
    const expired = nextEvent(events, 'leases.expired');
    const lease = leases.register(mount, 'db', secret(1), null);
    const event = await expired;
    leases.stop();
    assert.deepEqual(changes, ['registered', 'revoked'], 'the lease list changed twice: issued, then forgotten');
    assert.deepEqual(event, {
      leaseId: lease.leaseId,
      path: 'leased/db',
      expiredAt: new Date(lease.expireTime).toISOString(),
      revoked: false,
      error: 'plugin_exited: the plugin could not be started',
    });
    assert.equal(attempts.length, 6);
    const gaps = attempts.slice(1).map((at, i) => at - attempts[i]!);
    gaps.forEach((gap, i) => assert.ok(gap >= 5 * 2 ** (i + 1) - 2, `retry ${i + 1} came after ${gap} ms`));
    assert.equal(new LeaseStore(storage).loadAll().length, 0);
  });

  it('a restart resumes the persisted attempt count, and a success ends the retries', async () => {
    let calls = 0;
    const failing = manager({
      call: async () => {
        calls++;
        throw new Error('unreachable');
      },
    });
    failing.leases.start();
    const lease = failing.leases.register(mount, 'api', secret(1), null);
    while (calls < 2) await new Promise((resolve) => setTimeout(resolve, 2));
    failing.leases.stop();
    const stored = new LeaseStore(storage).loadAll().find((record) => record.leaseId === lease.leaseId);
    assert.ok(stored !== undefined && stored.revokeAttempts >= 1 && stored.retryAt !== null);

    const revoked: string[] = [];
    const restarted = manager({
      call: async (_mount, operation, record) => {
        revoked.push(`${operation} ${record.path}`);
        return null;
      },
    });
    const expired = nextEvent(restarted.events, 'leases.expired');
    restarted.leases.start();
    assert.deepEqual(await expired, { leaseId: lease.leaseId, path: 'leased/api', expiredAt: new Date(lease.expireTime).toISOString(), revoked: true });
    restarted.leases.stop();
    assert.deepEqual(revoked, ['revoke api']);
    assert.equal(new LeaseStore(storage).loadAll().length, 0);
  });
});
