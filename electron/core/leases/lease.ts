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
  /** The accessor of the token whose request obtained it (none: the UI, as the owner); revoking that token revokes it. */
  tokenAccessor?: string;
  /** Failed revocations of an expired lease; the next attempt is at `retryAt`. */
  revokeAttempts: number;
  retryAt: number | null;
}

/**
 * Whether a secret gets a lease, as Vault decides: a secret naming a `secret_type` in its internal
 * data always does (that is how Vault's framework finds its renew and revoke handlers). A bare TTL
 * does too, except from the `kv` plugin without `leased_passthrough`: Vault keeps KV reads free of
 * lease writes and answers the TTL alone. `pluginName` is the mount's; without a mount, no lease.
 */
export function needsLease(secret: VaultSecret | undefined, mount?: { pluginName: string; options: Record<string, string> }): boolean {
  if (secret === undefined) return false;
  if (typeof secret.internalData?.['secret_type'] === 'string') return true;
  if (mount === undefined) return false;
  return mount.pluginName !== 'kv' || mount.options['leased_passthrough'] === 'true';
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
