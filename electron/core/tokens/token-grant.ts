/**
 * What a new token gets, decided as Vault's `handleCreateCommon` decides it: policies (inherited
 * when none are given; root only from root), uses, TTL / explicit max TTL / period (Vault's
 * `CalculateTTL`; a root token without a TTL never expires, which an expiring parent may not
 * grant), renewability, display name. Pure: the store adds the id hash and accessor.
 */
import { CoreError } from '../core-errors';
import { calculateTokenTtl, isRoot, sanitizePolicies, tokenDisplayName, type TokenRecord } from './token-entry';

export interface TokenCreateRequest {
  /** Where it is created from: `auth/token/create`, `auth/token/create-orphan`… */
  path: string;
  orphan: boolean;
  policies?: string[];
  noDefaultPolicy?: boolean;
  /** Seconds; 0 or absent = none. */
  ttl?: number;
  explicitMaxTtl?: number;
  period?: number;
  displayName?: string;
  renewable?: boolean;
  numUses?: number;
  meta?: Record<string, string> | null;
  /** A chosen id instead of a random one (Vault lets root do this): no `s.`/`hvs.` prefix, no `.`. */
  id?: string;
  /**
   * The caller has root or sudo on the create path (the owner always has): it may choose an id,
   * make orphans with `no_parent` and periodic tokens, and give policies it does not hold.
   */
  sudo?: boolean;
  /** Set by `applyRole` (`token-role-grant.ts`) for `auth/token/create/<role>`. */
  role?: RoleGrant;
}

/** What a role decided beyond the request's own fields. */
export interface RoleGrant {
  name: string;
  /** The policies the role's lists gave; undefined: the request's own rules decide. */
  policies: string[] | undefined;
  /** The token records what the request asked for (Vault's entry); the role's limits apply at each renewal. */
  requestedExplicitMaxTtl: number;
  requestedPeriod: number;
}

/** A record before the store gives it an id hash and an accessor. */
export type TokenGrant = Omit<TokenRecord, 'idHash' | 'accessor'>;

function invalid(message: string): CoreError {
  return new CoreError('invalid_request', message, { httpStatus: 400 });
}

/** The root token of an init (or a rotation). */
export function rootGrant(now: number): TokenGrant {
  return {
    parentHash: null,
    policies: ['root'],
    path: 'auth/token/root',
    meta: null,
    displayName: 'root',
    numUses: 0,
    grantedNumUses: 0,
    creationTime: now,
    creationTtl: 0,
    leaseTtl: 0,
    explicitMaxTtl: 0,
    period: 0,
    renewable: false,
    expireTime: null,
    lastRenewalTime: null,
    type: 'service',
  };
}

/** The policy a response-wrapping token holds alone (Vault's `response-wrapping`). */
export const RESPONSE_WRAPPING_POLICY = 'response-wrapping';

/** A wrapping token's grant, as Vault's `wrapInCubbyhole` makes it (display name `token`, as OpenBao's lookup shows). */
export function wrappingGrant(ttlSeconds: number, path: string, now: number): TokenGrant {
  return {
    parentHash: null,
    policies: [RESPONSE_WRAPPING_POLICY],
    path,
    meta: null,
    displayName: 'token',
    numUses: 1,
    grantedNumUses: 1,
    creationTime: now,
    creationTtl: ttlSeconds,
    leaseTtl: ttlSeconds,
    explicitMaxTtl: ttlSeconds,
    period: 0,
    renewable: false,
    expireTime: now + ttlSeconds * 1000,
    lastRenewalTime: null,
    type: 'service',
  };
}

/** `parent` undefined: the owner (the UI), a parent with root policies and no expiry. */
export function grantToken(parent: TokenRecord | undefined, request: TokenCreateRequest, now: number): { grant: TokenGrant; warnings: string[] } {
  if (parent !== undefined && parent.numUses !== 0) {
    throw invalid('restricted use token cannot generate child tokens: create tokens with a token that has no num_uses limit');
  }
  const numUses = request.numUses ?? 0;
  if (numUses < 0) throw invalid('number of uses cannot be negative: give num_uses 0 (unlimited) or more');
  // The root policy grants sudo everywhere; the owner (no parent) may do everything.
  const sudo = parent === undefined || request.sudo === true || isRoot(parent.policies);
  if (request.id !== undefined && request.id !== '' && !sudo) throw invalid('root or sudo privileges required to specify token id: leave "id" out to get a random one');
  const parentPolicies = parent?.policies ?? ['root'];
  const given = request.policies ?? [];
  let addDefault = request.noDefaultPolicy !== true;
  if (request.role?.policies === undefined && given.length > 0 && !sudo) {
    // Vault's rule: without sudo a child holds only what its parent holds ("default" aside).
    const held = new Set(sanitizePolicies(parentPolicies, false));
    if (!sanitizePolicies(given, false).every((policy) => held.has(policy))) {
      throw invalid('child policies must be subset of parent: give only policies the calling token holds, or create the token with one that has sudo on auth/token/create');
    }
    addDefault = addDefault && parentPolicies.includes('default');
  }
  let policies = request.role?.policies ?? (given.length === 0 ? sanitizePolicies(parentPolicies, false) : sanitizePolicies(given, addDefault));
  if (request.noDefaultPolicy === true) policies = policies.filter((policy) => policy !== 'default');
  if (isRoot(policies) && !isRoot(parentPolicies)) throw invalid('root tokens may not be created without parent token being root');
  if (request.orphan && request.path === 'auth/token/create' && !sudo) {
    throw invalid('root or sudo privileges required to create orphan token: use auth/token/create-orphan, or a token with sudo on auth/token/create');
  }
  if (request.role === undefined && (request.period ?? 0) > 0 && !sudo) throw invalid('root or sudo privileges required to create periodic token: ask for sudo on auth/token/create in a policy');

  const explicitMaxTtl = request.explicitMaxTtl ?? 0;
  const period = request.period ?? 0;
  const requestedTtl = request.ttl ?? 0;
  let ttl = requestedTtl;
  const warnings: string[] = [];
  if (period > 0 || requestedTtl > 0 || !isRoot(policies)) {
    const granted = calculateTokenTtl({ increment: 0, backendTtl: requestedTtl, period, explicitMaxTtl, start: now, now });
    if (!granted.ok) throw invalid(granted.problem);
    ttl = granted.ttl;
    warnings.push(...granted.warnings);
  }
  // Root tokens are still bound by an explicit max TTL.
  if (ttl === 0 && explicitMaxTtl > 0) ttl = explicitMaxTtl;
  let renewable = request.renewable ?? true;
  if (ttl === 0) {
    if (parent !== undefined && parent.expireTime !== null) {
      throw invalid('expiring root tokens cannot create non-expiring root tokens: give the new token a ttl');
    }
    renewable = false;
  }
  const grant: TokenGrant = {
    parentHash: request.orphan || parent === undefined ? null : parent.idHash,
    policies,
    path: request.path,
    meta: request.meta ?? null,
    displayName: tokenDisplayName(request.displayName ?? ''),
    numUses,
    grantedNumUses: numUses,
    creationTime: now,
    creationTtl: ttl,
    leaseTtl: ttl,
    explicitMaxTtl: request.role?.requestedExplicitMaxTtl ?? explicitMaxTtl,
    period: request.role?.requestedPeriod ?? period,
    renewable,
    expireTime: ttl === 0 ? null : Math.floor(now / 1000) * 1000 + ttl * 1000,
    lastRenewalTime: null,
    type: 'service',
    ...(request.role === undefined ? {} : { role: request.role.name }),
  };
  return { grant, warnings };
}

/** A chosen token id, refused as Vault refuses it (the store checks it is not taken). */
export function checkChosenId(id: string): string {
  if (id.startsWith('hvs.')) throw invalid("custom token ID cannot have the 'hvs.' prefix: choose an id without it");
  if (id.startsWith('s.')) throw invalid("custom token ID cannot have the 's.' prefix: choose an id without it");
  if (id.includes('.')) throw invalid("custom token ID cannot have a '.' in the value: choose an id without dots");
  return id;
}
