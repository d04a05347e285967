/**
 * The lease manager: registers leased secrets, renews and revokes them through their plugin, and
 * revokes them when they expire. One timer is armed for the earliest due lease; the records are
 * persisted, so after a restart (or a seal/unseal) `start()` re-arms it and leases that expired
 * meanwhile are revoked at once. A failed revocation is retried with backoff, six times in all,
 * as Vault does; then the lease is dropped and the event says so. A lease obtained with a token is
 * bound to its accessor and revoked with the token (`revokeByToken`; at `start()` for tokens gone meanwhile).
 */
import type { VaultResponse, VaultSecret } from '../../../plugin-host';
import { secondsToNanos } from '../../../proto/wire/go-time';
import type { LeasesResults, LeaseView } from '../../common/contract/leases';
import type { EventBus } from '../event-bus';
import { CoreError } from '../core-errors';
import type { MountEntry } from '../mounts/mount-table';
import { expiryFor, leaseView, type LeaseRecord } from './lease';
import { newLeaseId } from './lease-id';
import type { LeaseStore } from './lease-store';

/** How the manager reaches a mount's plugin for renew and revoke. */
export interface LeaseBackend {
  call(mount: MountEntry, operation: 'renew' | 'revoke', record: LeaseRecord, secret: VaultSecret): Promise<VaultResponse | null>;
}

export interface LeaseManagerOptions {
  store: LeaseStore;
  events: EventBus;
  backend: LeaseBackend;
  mount: (uuid: string) => MountEntry | undefined;
  now?: () => number;
  /** The first retry of a failed expiry revocation waits this long, doubling each time (default 1 s). */
  retryBaseMs?: number;
  /** Whether the token with this accessor still exists (leases of a gone token are revoked at start). */
  tokenAlive?: (accessor: string) => boolean;
}

const MAX_REVOKE_ATTEMPTS = 6;
const MAX_TIMER_MS = 2 ** 31 - 1;

export class LeaseManager {
  private readonly leases = new Map<string, LeaseRecord>();
  private timer: NodeJS.Timeout | undefined;
  private expiring = false;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly options: LeaseManagerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Loads the persisted leases, arms the expiry timer, and revokes the leases of tokens that are gone. */
  start(): void {
    for (const record of this.options.store.loadAll()) this.leases.set(record.leaseId, record);
    this.arm();
    void this.revokeLeasesOfGoneTokens();
  }

  /** Revokes the leases whose token is gone (at start, and for `auth/token/tidy`). */
  async revokeLeasesOfGoneTokens(): Promise<number> {
    const alive = this.options.tokenAlive ?? (() => true);
    const gone = new Set([...this.leases.values()].map((record) => record.tokenAccessor).filter((accessor): accessor is string => accessor !== undefined && !alive(accessor)));
    return gone.size === 0 ? 0 : this.revokeByToken([...gone]);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Registers a leased secret returned for `relativePath` on `mount`; returns the new lease. */
  register(mount: MountEntry, relativePath: string, secret: VaultSecret, data: Record<string, unknown> | null, tokenAccessor?: string): LeaseRecord {
    const now = this.now();
    const record: LeaseRecord = {
      leaseId: newLeaseId(mount.path + relativePath),
      mountUuid: mount.uuid,
      mountPath: mount.path,
      path: relativePath,
      issueTime: now,
      expireTime: expiryFor(now, now, secret.lease.ttlSeconds, limits(mount), maxTtlSeconds(secret)),
      lastRenewalTime: null,
      renewable: secret.lease.renewable,
      internalData: secret.internalData,
      ttlSeconds: secret.lease.ttlSeconds,
      data,
      ...(tokenAccessor === undefined ? {} : { tokenAccessor }),
      revokeAttempts: 0,
      retryAt: null,
    };
    this.options.store.save(record);
    this.leases.set(record.leaseId, record);
    this.arm();
    this.options.events.publish('leases.changed', { leaseId: record.leaseId, change: 'registered' });
    return record;
  }

  list(args: { prefix?: string; cursor?: string; limit: number }): LeasesResults['leases.list'] {
    const ids = [...this.leases.keys()].filter((id) => args.prefix === undefined || id.startsWith(args.prefix)).sort();
    const start = args.cursor === undefined ? 0 : ids.findIndex((id) => id > (args.cursor as string));
    const from = start < 0 ? ids.length : start;
    const page = ids.slice(from, from + args.limit);
    const now = this.now();
    return {
      leases: page.map((id) => leaseView(this.leases.get(id) as LeaseRecord, now)),
      nextCursor: from + args.limit < ids.length ? (page.at(-1) ?? null) : null,
      total: ids.length,
    };
  }

  lookup(leaseId: string): LeaseView {
    return leaseView(this.require(leaseId), this.now());
  }

  async renew(leaseId: string, incrementSeconds?: number): Promise<LeaseView> {
    return (await this.renewWithReply(leaseId, incrementSeconds)).lease;
  }

  /** The renewal and the data the plugin answered it with (Vault's sys/leases/renew returns both). */
  async renewWithReply(leaseId: string, incrementSeconds?: number): Promise<{ lease: LeaseView; data: Record<string, unknown> | null }> {
    const record = this.require(leaseId);
    if (!record.renewable) {
      throw new CoreError('lease_not_renewable', `The lease "${leaseId}" is not renewable; read the secret again to get a new one.`, { leaseId });
    }
    const mount = this.mountOf(record);
    const increment = incrementSeconds ?? record.ttlSeconds;
    const response = await this.options.backend.call(mount, 'renew', record, this.secretFor(record, increment));
    if (this.leases.get(leaseId) !== record) {
      // Expired and revoked (or revoked by the user) while the renewal was in flight.
      throw new CoreError('lease_not_found', `The lease "${leaseId}" was revoked while it was being renewed. Read the secret again to get a new lease.`, { leaseId });
    }
    const now = this.now();
    // Vault's CalculateTTL: an increment asked for wins over the plugin's TTL (both capped below).
    const asked = incrementSeconds !== undefined && incrementSeconds > 0 ? incrementSeconds : undefined;
    const ttl = asked ?? response?.secret?.lease.ttlSeconds ?? increment;
    const updated: LeaseRecord = {
      ...record,
      expireTime: expiryFor(now, record.issueTime, ttl, limits(mount)),
      lastRenewalTime: now,
      ttlSeconds: ttl,
      renewable: response?.secret?.lease.renewable ?? record.renewable,
    };
    this.options.store.save(updated);
    this.leases.set(leaseId, updated);
    this.arm();
    this.options.events.publish('leases.changed', { leaseId, change: 'renewed' });
    return { lease: leaseView(updated, now), data: response?.data ?? null };
  }

  /** The plugin revokes the secret first; the lease is forgotten only once it succeeded. */
  async revoke(leaseId: string): Promise<void> {
    const record = this.require(leaseId);
    const mount = this.options.mount(record.mountUuid);
    if (mount !== undefined) await this.options.backend.call(mount, 'revoke', record, this.secretFor(record, 0));
    this.forget(record);
  }

  async revokePrefix(prefix: string): Promise<string[]> {
    const ids = [...this.leases.keys()].filter((id) => id.startsWith(prefix)).sort();
    for (const id of ids) await this.revoke(id);
    return ids;
  }

  /**
   * Vault's revoke-force: every lease under the prefix is revoked through its plugin where the
   * plugin can, and forgotten where it fails (the secrets it issued may then still be valid).
   */
  async revokeForce(prefix: string): Promise<string[]> {
    const records = [...this.leases.values()].filter((record) => record.leaseId.startsWith(prefix)).sort((a, b) => a.leaseId.localeCompare(b.leaseId));
    for (const record of records) {
      await this.revoke(record.leaseId).catch(() => this.forget(record));
    }
    return records.map((record) => record.leaseId);
  }

  /** Vault's `RevokeByToken`: the leases these (revoked) tokens obtained, through their plugins; a failure is retried later. */
  async revokeByToken(accessors: readonly string[]): Promise<number> {
    const tokens = new Set(accessors);
    const records = [...this.leases.values()].filter((record) => record.tokenAccessor !== undefined && tokens.has(record.tokenAccessor));
    for (const record of records) {
      if (this.stopped) break;
      if (this.leases.get(record.leaseId) !== record) continue; // revoked or renewed meanwhile
      await this.revoke(record.leaseId).catch(() => this.retryLater(this.leases.get(record.leaseId)));
    }
    return records.length;
  }

  /**
   * Revokes every lease of a mount that is going away. A plugin that fails to revoke does not
   * keep the mount alive: the lease is dropped anyway, as the mount's data is about to go.
   */
  async revokeMount(mountUuid: string): Promise<number> {
    const records = [...this.leases.values()].filter((record) => record.mountUuid === mountUuid);
    for (const record of records) {
      await this.revoke(record.leaseId).catch(() => this.forget(record));
    }
    return records.length;
  }

  private require(leaseId: string): LeaseRecord {
    const record = this.leases.get(leaseId);
    if (record === undefined) {
      throw new CoreError('lease_not_found', `No lease "${leaseId}" exists (it may have expired or been revoked). List the current leases to pick an existing one.`, { leaseId });
    }
    return record;
  }

  private mountOf(record: LeaseRecord): MountEntry {
    const mount = this.options.mount(record.mountUuid);
    if (mount === undefined) {
      throw new CoreError('mount_not_found', `The mount that issued lease "${record.leaseId}" is gone.`, { leaseId: record.leaseId });
    }
    return mount;
  }

  private secretFor(record: LeaseRecord, incrementSeconds: number): VaultSecret {
    return {
      leaseId: '',
      internalData: record.internalData,
      lease: {
        ttlNs: secondsToNanos(record.ttlSeconds),
        ttlSeconds: record.ttlSeconds,
        maxTtlNs: 0n,
        incrementNs: secondsToNanos(incrementSeconds),
        renewable: record.renewable,
        issueTime: new Date(record.issueTime),
      },
    };
  }

  private forget(record: LeaseRecord): void {
    this.options.store.delete(record);
    this.leases.delete(record.leaseId);
    this.arm();
    this.options.events.publish('leases.changed', { leaseId: record.leaseId, change: 'revoked' });
  }

  private arm(): void {
    if (this.stopped || this.expiring) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    let due = Infinity;
    for (const record of this.leases.values()) due = Math.min(due, record.retryAt ?? record.expireTime);
    if (due === Infinity) return;
    const delay = Math.min(Math.max(0, due - this.now()), MAX_TIMER_MS);
    this.timer = setTimeout(() => void this.expireDue(), delay);
    this.timer.unref();
  }

  private async expireDue(): Promise<void> {
    this.timer = undefined;
    this.expiring = true;
    try {
      const now = this.now();
      const due = [...this.leases.values()].filter((record) => (record.retryAt ?? record.expireTime) <= now);
      for (const record of due) {
        if (this.stopped) return;
        await this.expire(record);
      }
    } finally {
      this.expiring = false;
      this.arm();
    }
  }

  private async expire(record: LeaseRecord): Promise<void> {
    const expiredAt = new Date(record.expireTime).toISOString();
    const path = record.mountPath + record.path;
    try {
      await this.revoke(record.leaseId);
      this.options.events.publish('leases.expired', { leaseId: record.leaseId, path, expiredAt, revoked: true });
    } catch (error) {
      // Revoked (or renewed) by someone else while this revoke was in flight: nothing to retry.
      if (this.stopped || this.leases.get(record.leaseId) !== record) return;
      if (record.revokeAttempts + 1 >= MAX_REVOKE_ATTEMPTS) {
        this.forget(record);
        const message = error instanceof Error ? error.message : String(error);
        this.options.events.publish('leases.expired', { leaseId: record.leaseId, path, expiredAt, revoked: false, error: message });
        return;
      }
      this.retryLater(record);
    }
  }

  /** One more failed revocation: the next attempt waits twice as long as the last (the expiry timer makes it). */
  private retryLater(record: LeaseRecord | undefined): void {
    if (record === undefined || this.stopped) return;
    const attempts = record.revokeAttempts + 1;
    const retry: LeaseRecord = { ...record, revokeAttempts: attempts, retryAt: this.now() + 2 ** attempts * (this.options.retryBaseMs ?? 1000) };
    this.options.store.save(retry);
    this.leases.set(record.leaseId, retry);
    this.arm();
  }
}

function limits(mount: MountEntry) {
  return { mountDefaultTtl: mount.defaultLeaseTtl, mountMaxTtl: mount.maxLeaseTtl };
}

function maxTtlSeconds(secret: VaultSecret): number {
  return Number(secret.lease.maxTtlNs / 1_000_000_000n);
}
