/**
 * A lease as the core keeps it, and the pure rules about it: when a secret gets one, and when it
 * expires. Its id is made in `lease-id.ts`.
 */
import type { VaultSecret } from '../../../plugin-host';
import type { LeaseView } from '../../common/contract/leases';

/** Vault's system default and maximum lease TTL: 768 h (32 days). */
export const SYSTEM_DEFAULT_TTL_SECONDS = 768 * 3600;

export interface LeaseRecord {
  leaseId: string;
  mountUuid: string;
  /** Mount path when issued (a moved mount's leases are revoked, so it stays true). */
  mountPath: string;
  /** Relative to the mount: renew and revoke requests are sent for this path. */
  path: string;
  /** Epoch ms. */
  issueTime: number;
  expireTime: number;
  lastRenewalTime: number | null;
  renewable: boolean;
  /** What the plugin needs back to renew or revoke (internal data is never shown). */
  internalData: Record<string, unknown> | null;
  ttlSeconds: number;
  /** The response data; Vault passes it with renew and revoke requests. */
  data: Record<string, unknown> | null;
  /** Failed revocations of an expired lease; the next attempt is at `retryAt`. */
  revokeAttempts: number;
  retryAt: number | null;
}

/**
 * A secret gets a lease when it names a `secret_type` in its internal data: that is how Vault's
 * framework finds the renew and revoke handlers, so a secret without one (KV v1 answers every read
 * with a bare TTL, which Vault also declines to register) could never be revoked by its plugin.
 */
export function needsLease(secret: VaultSecret | undefined): boolean {
  return typeof secret?.internalData?.['secret_type'] === 'string';
}

export interface TtlLimits {
  /** Seconds; 0 = system default. */
  mountDefaultTtl: number;
  mountMaxTtl: number;
}

/** Expiry of a lease granted `ttlSeconds` at `now`: 0 means the default; never past issue + max TTL. */
export function expiryFor(now: number, issueTime: number, ttlSeconds: number, limits: TtlLimits, secretMaxTtlSeconds = 0): number {
  const defaultTtl = limits.mountDefaultTtl > 0 ? limits.mountDefaultTtl : SYSTEM_DEFAULT_TTL_SECONDS;
  let maxTtl = limits.mountMaxTtl > 0 ? limits.mountMaxTtl : SYSTEM_DEFAULT_TTL_SECONDS;
  if (secretMaxTtlSeconds > 0) maxTtl = Math.min(maxTtl, secretMaxTtlSeconds);
  const ttl = ttlSeconds > 0 ? ttlSeconds : defaultTtl;
  return Math.min(now + ttl * 1000, issueTime + maxTtl * 1000);
}

export function leaseView(record: LeaseRecord, now: number): LeaseView {
  return {
    leaseId: record.leaseId,
    mountPath: record.mountPath,
    path: record.mountPath + record.path,
    issueTime: new Date(record.issueTime).toISOString(),
    expireTime: new Date(record.expireTime).toISOString(),
    lastRenewalTime: record.lastRenewalTime === null ? null : new Date(record.lastRenewalTime).toISOString(),
    ttlSeconds: Math.max(0, Math.floor((record.expireTime - now) / 1000)),
    renewable: record.renewable,
  };
}
