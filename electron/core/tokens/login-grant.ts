/**
 * What an auth plugin's login reply (its `Auth`) becomes, decided as Vault's `LoginCreateToken` and
 * `RegisterAuth` decide it: no root tokens; the display name prefixed with the mount's path
 * (`jwt/` + `alice` → `jwt-alice`); token policies sanitised with `default` added unless
 * `no_default_policy`; the TTL from `CalculateTTL` with the mount's tuned TTLs, the plugin's TTL,
 * max TTL, period and explicit max TTL; an orphan. Pure: the store adds id and accessor.
 *
 * The plugin's `Auth` is kept with the token as JSON (`storedAuth` / `authFromStore`), as Vault
 * keeps it in the token's lease, so a renewal sends the plugin what its login answered.
 */
import { nanosToSeconds, type VaultAuth } from '../../../plugin-host';
import { CoreError } from '../core-errors';
import type { MountEntry } from '../mounts/mount-table';
import type { TokenGrant } from './token-grant';
import { calculateTokenTtl, sanitizePolicies, type LoginRecord } from './token-entry';

/** Vault's rule: the mount path without `auth/`, each `/` a `-`, then the plugin's name; no trailing `-`. */
export function loginDisplayName(mountPath: string, given: string): string {
  const source = mountPath.replace(/^auth\//, '').replace(/\//g, '-');
  return `${source}${given}`.replace(/-+$/, '');
}

/** The token policies a login grants (Vault: `SanitizePolicies(auth.Policies, !NoDefaultPolicy)`). */
export function loginPolicies(auth: VaultAuth): string[] {
  const given = auth.policies.length > 0 ? auth.policies : auth.tokenPolicies;
  return sanitizePolicies(given, !auth.noDefaultPolicy);
}

export function storedAuth(auth: VaultAuth): Record<string, unknown> {
  return {
    ...auth,
    lease: { ...auth.lease, ttlNs: String(auth.lease.ttlNs), maxTtlNs: String(auth.lease.maxTtlNs), incrementNs: String(auth.lease.incrementNs), issueTime: auth.lease.issueTime?.toISOString() ?? null },
    periodNs: String(auth.periodNs),
    explicitMaxTtlNs: String(auth.explicitMaxTtlNs),
  };
}

export function authFromStore(stored: Record<string, unknown>): VaultAuth {
  const auth = stored as unknown as VaultAuth & { lease: Record<string, unknown>; periodNs: string; explicitMaxTtlNs: string };
  const lease = auth.lease as unknown as Record<string, string | number | boolean | null>;
  return {
    ...auth,
    lease: {
      ttlNs: BigInt(String(lease['ttlNs'])),
      ttlSeconds: Number(lease['ttlSeconds']),
      maxTtlNs: BigInt(String(lease['maxTtlNs'])),
      incrementNs: BigInt(String(lease['incrementNs'])),
      renewable: lease['renewable'] === true,
      issueTime: typeof lease['issueTime'] === 'string' ? new Date(lease['issueTime']) : undefined,
    },
    periodNs: BigInt(auth.periodNs),
    explicitMaxTtlNs: BigInt(auth.explicitMaxTtlNs),
  };
}

/** The mount's limits, as `CalculateTTL` takes them. */
export function mountLimits(mount: Pick<MountEntry, 'defaultLeaseTtl' | 'maxLeaseTtl'>) {
  return { mountDefaultTtl: mount.defaultLeaseTtl, mountMaxTtl: mount.maxLeaseTtl };
}

export function loginGrant(mount: MountEntry, loginPath: string, auth: VaultAuth, now: number): { grant: TokenGrant; warnings: string[] } {
  const policies = loginPolicies(auth);
  if (policies.includes('root')) {
    throw new CoreError('invalid_request', 'authentication backends cannot create root tokens: the auth method granted the root policy; give its role other policies.', { httpStatus: 400, path: loginPath });
  }
  const period = nanosToSeconds(auth.periodNs);
  const explicitMaxTtl = nanosToSeconds(auth.explicitMaxTtlNs);
  const maxTtl = nanosToSeconds(auth.lease.maxTtlNs);
  const granted = calculateTokenTtl({ increment: 0, backendTtl: auth.lease.ttlSeconds, period, explicitMaxTtl, backendMaxTtl: maxTtl, start: now, now, ...mountLimits(mount) });
  if (!granted.ok) throw new CoreError('invalid_request', `${granted.problem}: the auth method's TTLs leave no time for a token; check the role's and the mount's TTLs.`, { httpStatus: 400, path: loginPath });
  const login: LoginRecord = { mountUuid: mount.uuid, mountPath: mount.path, maxTtl, auth: storedAuth(auth) };
  const grant: TokenGrant = {
    parentHash: null,
    policies,
    path: loginPath,
    meta: Object.keys(auth.metadata).length > 0 ? { ...auth.metadata } : null,
    displayName: loginDisplayName(mount.path, auth.displayName),
    numUses: auth.numUses,
    grantedNumUses: auth.numUses,
    creationTime: now,
    creationTtl: granted.ttl,
    leaseTtl: granted.ttl,
    explicitMaxTtl,
    period,
    renewable: auth.lease.renewable,
    expireTime: Math.floor(now / 1000) * 1000 + granted.ttl * 1000,
    lastRenewalTime: null,
    type: 'service',
    login,
  };
  return { grant, warnings: granted.warnings };
}
