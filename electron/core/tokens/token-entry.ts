/**
 * A token as the core keeps it (Vault's `logical.TokenEntry`, service tokens only), what a request
 * carries of it (`CallerToken`), and the pure rules about it: display names, policy lists and the
 * TTL a token gets when it is created or renewed (Vault's `framework.CalculateTTL` for the token
 * mount, whose default and maximum TTL are the system's 768 h).
 *
 * The record never holds the token's id: it is stored under, and found by, the id's salted hash.
 */
import { SYSTEM_DEFAULT_TTL_SECONDS } from '../leases/lease';

export interface TokenRecord {
  /** HMAC-SHA256 (hex) of the id under the install's token salt; the id itself is never stored. */
  idHash: string;
  /** 24 base62 characters; public (lookup-accessor, revoke-accessor, the audit log). */
  accessor: string;
  /** The parent's idHash; null for an orphan. */
  parentHash: string | null;
  policies: string[];
  /** The path that created it: `auth/token/create`, `auth/token/create-orphan`, `auth/token/root`. */
  path: string;
  meta: Record<string, string> | null;
  displayName: string;
  /** Uses left: 0 = unlimited; -1 = its last use is in progress (it is revoked when that ends). */
  numUses: number;
  /** What `create` granted (renew replies show it, as Vault's stored auth does). */
  grantedNumUses: number;
  /** Epoch ms. */
  creationTime: number;
  /** TTL in seconds at creation (0: never expires). */
  creationTtl: number;
  /** TTL in seconds of the last grant (creation or renewal): a renewal with no increment repeats it. */
  leaseTtl: number;
  explicitMaxTtl: number;
  period: number;
  renewable: boolean;
  /** Epoch ms; null for a token that never expires (the root token). */
  expireTime: number | null;
  lastRenewalTime: number | null;
  type: 'service';
  /** The token role it was created against (`auth/token/create/<role>`): its renewals follow the role. */
  role?: string;
  /** Set for a token an auth plugin's login issued: what its renewals go back to the plugin with. */
  login?: LoginRecord;
}

/**
 * What an auth plugin's login granted, kept with the token it became (Vault keeps the `Auth` in the
 * token's lease): the mount it came from, and the plugin's `Auth` as JSON (durations in ns as
 * decimal strings), sent back with each renewal.
 */
export interface LoginRecord {
  mountUuid: string;
  /** `auth/jwt/`. */
  mountPath: string;
  /** The plugin's own cap on the token (`Auth.MaxTTL`), seconds; 0 = none. */
  maxTtl: number;
  auth: Record<string, unknown>;
}

/**
 * The authenticated caller of a request, as the router, the `*-self` paths and the audit log see
 * it: id-free (it may be logged, cloned or sent anywhere), with what access control needs later.
 */
export interface CallerToken {
  readonly accessor: string;
  readonly policies: readonly string[];
  readonly displayName: string;
}

export function isRoot(policies: readonly string[]): boolean {
  return policies.includes('root');
}

/** Vault's `token-` prefix, then every character outside [a-zA-Z0-9-] as `-`, no trailing `-`. */
export function tokenDisplayName(given: string): string {
  if (given === '') return 'token';
  return `token-${given}`.replace(/[^a-zA-Z0-9-]/g, '-').replace(/-$/, '');
}

/**
 * Vault's `policyutil.SanitizePolicies`: trimmed, lower-cased, no empties or duplicates, sorted;
 * `root` stands alone; `default` added when asked and absent.
 */
export function sanitizePolicies(policies: readonly string[], addDefault: boolean): string[] {
  const cleaned = policies.map((policy) => policy.trim().toLowerCase()).filter((policy) => policy !== '');
  if (cleaned.includes('root')) return ['root'];
  if (addDefault && !cleaned.includes('default')) cleaned.push('default');
  return [...new Set(cleaned)].sort();
}

export interface TtlRequest {
  /** Seconds asked for (a renewal's increment); 0 = none. */
  increment: number;
  /** The TTL granted before (or asked for at creation); 0 = none. */
  backendTtl: number;
  period: number;
  explicitMaxTtl: number;
  /** Epoch ms the max TTL counts from (creation time). */
  start: number;
  now: number;
  /** The mount's default and maximum TTL (an auth method's, tuned); the system's 768 h when absent or 0. */
  mountDefaultTtl?: number;
  mountMaxTtl?: number;
  /** The backend's own cap (an auth plugin's `MaxTTL`); 0 or absent = none. */
  backendMaxTtl?: number;
}

export type TtlGrant = { ok: true; ttl: number; warnings: string[] } | { ok: false; problem: string };

/**
 * `framework.CalculateTTL` in whole seconds, with the mount's limits: the token mount's are the
 * system's (768 h), an auth method's its tuned TTLs.
 */
export function calculateTokenTtl(request: TtlRequest): TtlGrant {
  const now = Math.floor(request.now / 1000);
  const start = Math.floor(request.start / 1000);
  const defaultTtl = request.mountDefaultTtl || SYSTEM_DEFAULT_TTL_SECONDS;
  let maxTtl = request.mountMaxTtl || SYSTEM_DEFAULT_TTL_SECONDS;
  const backendMaxTtl = request.backendMaxTtl ?? 0;
  if (backendMaxTtl > 0 && backendMaxTtl < maxTtl) maxTtl = backendMaxTtl;
  if (request.explicitMaxTtl > 0 && request.explicitMaxTtl < maxTtl) maxTtl = request.explicitMaxTtl;
  const warnings: string[] = [];
  let ttl: number;
  let maxValidTime: number | undefined;
  if (request.period > 0) {
    ttl = request.period;
    if (ttl > maxTtl) {
      warnings.push(`period of "${humanDuration(ttl)}" exceeded the effective max_ttl of "${humanDuration(maxTtl)}"; period value is capped accordingly`);
      ttl = maxTtl;
    }
    if (request.explicitMaxTtl > 0) maxValidTime = start + request.explicitMaxTtl;
  } else {
    ttl = request.increment > 0 ? request.increment : request.backendTtl > 0 ? request.backendTtl : defaultTtl;
    maxValidTime = start + maxTtl;
  }
  if (maxValidTime !== undefined) {
    const maxValidTtl = maxValidTime - now;
    if (maxValidTtl <= 0) return { ok: false, problem: 'past the max TTL, cannot renew' };
    if (ttl > maxValidTtl) {
      warnings.push(`TTL of "${humanDuration(ttl)}" exceeded the effective max_ttl of "${humanDuration(maxValidTtl)}"; TTL value is capped accordingly`);
      ttl = maxValidTtl;
    }
  }
  return { ok: true, ttl, warnings };
}

/** Why `record` cannot be renewed now (Vault's reason), or undefined when it can. */
export function renewRefusal(record: TokenRecord, now: number): string | undefined {
  if (record.expireTime === null) return 'lease is not renewable';
  if (record.expireTime <= now) return 'lease expired';
  if (!record.renewable) return 'lease is not renewable';
  return undefined;
}

/** Go's `Duration.String()` of whole seconds without zero parts, as Vault's warnings print it. */
export function humanDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  let text = h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`;
  if (text.endsWith('m0s')) text = text.slice(0, -2);
  const hourZeroMinutes = text.indexOf('h0m');
  if (hourZeroMinutes > 0) text = text.slice(0, hourZeroMinutes + 1) + text.slice(hourZeroMinutes + 3);
  return text;
}
