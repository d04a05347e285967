/**
 * A token's leases across a real restart, and when the plugin cannot revoke: the token store and
 * lease manager on a SQLite file that is closed and reopened, wired as `CoreRuntime` wires them,
 * with an injected clock. A token that expired while the app was stopped takes its leases with it
 * at start; the owner's leases (no token) and live tokens' stay; a lease its plugin fails to revoke
 * is kept and retried later; tidy clears what a lost write left and the leases of gone tokens.
 * The backend stands in for the plugin (as in lease-retry.test.ts),
 * recording what it is asked to revoke.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EventBus } from '../../../../electron/core/event-bus';
import type { LeaseRecord } from '../../../../electron/core/leases/lease';
import { LeaseManager } from '../../../../electron/core/leases/lease-manager';
import { LeaseStore } from '../../../../electron/core/leases/lease-store';
import type { MountEntry } from '../../../../electron/core/mounts/mount-table';
import { TokenStore } from '../../../../electron/core/tokens/token-store';
import { Storage } from '../../../../electron/storage/storage';
import type { VaultSecret } from '../../../../plugin-host/vault/types';

const PASSPHRASE = 'correct horse battery staple';
const KDF = { N: 2 ** 14, r: 8, p: 1 };
const mount: MountEntry = {
  uuid: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
  accessor: 'kv_0badf00d',
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
const secret: VaultSecret = {
  leaseId: '',
  internalData: {},
  lease: { ttlNs: 7200n * 1_000_000_000n, ttlSeconds: 7200, maxTtlNs: 0n, incrementNs: 0n, renewable: true, issueTime: new Date() },
};

describe("a token's leases across a restart", () => {
  let dir: string;
  let clock = Date.parse('2026-04-01T00:00:00Z');
  const now = () => clock;
  const revokedByPlugin: string[] = [];
  let pluginFails = false;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-token-leases-'));
    const storage = Storage.open({ dataDir: dir, kdf: KDF });
    await storage.init(PASSPHRASE);
    storage.close();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Opens the file and wires the two as the core does (tokens first; leases told of revocations). */
  async function open(): Promise<{ storage: Storage; tokens: TokenStore; leases: LeaseManager; close(): void }> {
    const storage = Storage.open({ dataDir: dir, kdf: KDF });
    await storage.unseal(PASSPHRASE);
    const tokens = TokenStore.open(storage, { now });
    const backend = {
      async call(_mount: MountEntry, operation: 'renew' | 'revoke', record: LeaseRecord) {
        if (pluginFails) throw new Error('the plugin is not reachable');
        if (operation === 'revoke') revokedByPlugin.push(record.leaseId);
        return null;
      },
    };
    const leases = new LeaseManager({ store: new LeaseStore(storage), events: new EventBus(), backend, mount: () => mount, now, tokenAlive: (accessor) => tokens.lookupAccessor(accessor) !== undefined });
    tokens.revocations.on((accessors) => leases.revokeByToken(accessors));
    leases.start();
    return {
      storage,
      tokens,
      leases,
      close() {
        leases.stop();
        tokens.stop();
        storage.close();
      },
    };
  }
  const leaseIds = (leases: LeaseManager) => leases.list({ limit: 100 }).leases.map((lease) => lease.leaseId);

  it('revokes at start the leases of a token that expired while stopped, and only those', async () => {
    const first = await open();
    const root = first.tokens.authenticate(first.tokens.createRoot().id);
    const brief = first.tokens.create(root, { path: 'auth/token/create', orphan: false, ttl: 60 });
    const lasting = first.tokens.create(root, { path: 'auth/token/create', orphan: false, ttl: 3600 });
    const briefLease = first.leases.register(mount, 'db', secret, null, brief.record.accessor).leaseId;
    const lastingLease = first.leases.register(mount, 'db', secret, null, lasting.record.accessor).leaseId;
    const ownerLease = first.leases.register(mount, 'db', secret, null).leaseId;
    first.close();

    clock += 61_000;
    const second = await open();
    try {
      const deadline = Date.now() + 10_000;
      while (leaseIds(second.leases).includes(briefLease)) {
        assert.ok(Date.now() < deadline, "the expired token's lease was revoked at start");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.deepEqual(revokedByPlugin, [briefLease], 'through its plugin');
      assert.deepEqual(leaseIds(second.leases).sort(), [lastingLease, ownerLease].sort(), "the owner's and the live token's leases stay");

      // Revoked later, by hand: its lease goes before the revocation is settled.
      second.tokens.revokeAccessor(lasting.record.accessor);
      await second.tokens.revocations.settled();
      assert.deepEqual(leaseIds(second.leases), [ownerLease]);
      assert.deepEqual(revokedByPlugin, [briefLease, lastingLease]);
    } finally {
      second.close();
    }
  });

  it('keeps a lease its plugin fails to revoke, and retries it later', async () => {
    const opened = await open();
    try {
      const root = opened.tokens.authenticate(opened.tokens.createRoot().id);
      const token = opened.tokens.create(root, { path: 'auth/token/create', orphan: false, ttl: 3600 });
      const leaseId = opened.leases.register(mount, 'db', secret, null, token.record.accessor).leaseId;
      pluginFails = true;
      opened.tokens.revokeAccessor(token.record.accessor);
      await opened.tokens.revocations.settled();
      assert.equal(opened.tokens.lookupAccessor(token.record.accessor), undefined, 'the token is revoked whatever the plugin does');
      assert.ok(leaseIds(opened.leases).includes(leaseId), 'the lease is kept');
      const stored = new LeaseStore(opened.storage).loadAll().find((record) => record.leaseId === leaseId);
      assert.equal(stored?.revokeAttempts, 1, 'one failed attempt, persisted');
      assert.ok(stored?.retryAt !== null && (stored?.retryAt ?? 0) > clock, 'with a retry due later');
    } finally {
      pluginFails = false;
      opened.close();
    }
  });

  it('tidy clears index entries a lost write left, orphans the children of a gone parent, and revokes the leases of gone tokens', async () => {
    const opened = await open();
    try {
      const root = opened.tokens.authenticate(opened.tokens.createRoot().id);
      const parent = opened.tokens.create(root, { path: 'auth/token/create', orphan: false, ttl: 3600 });
      const child = opened.tokens.create(opened.tokens.authenticate(parent.id), { path: 'auth/token/create', orphan: false, ttl: 3600 });
      const leaseId = opened.leases.register(mount, 'db', secret, null, parent.record.accessor).leaseId;
      assert.deepEqual(opened.tokens.tidy(), { removed: 0, orphaned: 0 }, 'nothing to tidy in a consistent store');
      // What a write lost half-way could leave: the parent's record gone, its index entries kept.
      opened.storage.delete(`core/tokens/id/${parent.record.idHash}`);
      opened.storage.put('core/tokens/accessor/not-a-token', Buffer.from(JSON.stringify({ idHash: 'gone' })));
      assert.deepEqual(opened.tokens.tidy(), { removed: 4, orphaned: 1 }, "the parent's and the stray accessor entries, and its entries in the parent index as a child and as a parent");
      assert.equal(opened.tokens.lookup(parent.id), undefined);
      assert.equal(opened.tokens.lookup(child.id)?.parentHash, null, 'the child is an orphan now');
      assert.equal(opened.storage.list(`core/tokens/parent/`).includes(`${parent.record.idHash}/`), false);
      assert.equal(await opened.tokens.revocations.sweep(), 0, 'no sweeper wired here');
      assert.equal(await opened.leases.revokeLeasesOfGoneTokens(), 1, "the gone parent's lease");
      assert.equal(leaseIds(opened.leases).includes(leaseId), false);
      assert.deepEqual(opened.tokens.tidy(), { removed: 0, orphaned: 0 }, 'a second tidy finds nothing');
    } finally {
      opened.close();
    }
  });
});
