/**
 * A token role (Vault's `tsRoleEntry`, `auth/token/roles/<name>`): what `auth/token/create/<name>`
 * applies to the tokens it makes. This module holds the record, how a write changes it (only the
 * fields given, as Vault's existence check makes a second write an update) and how a read shows
 * it, with OpenBao 2.7.2's field names, defaults and refusals. Applying a role is
 * `token-role-grant.ts`; storing roles is `token-roles.ts`.
 */
import { CoreError } from '../core-errors';
import type { FieldData } from '../sys/declare';
import { SYSTEM_DEFAULT_TTL_SECONDS } from '../leases/lease';
import { sanitizePolicies } from './token-entry';

export interface TokenRole {
  name: string;
  allowedPolicies: string[];
  disallowedPolicies: string[];
  allowedPoliciesGlob: string[];
  disallowedPoliciesGlob: string[];
  orphan: boolean;
  renewable: boolean;
  pathSuffix: string;
  /** The deprecated `period` as written (read shows it); `tokenPeriod` is what applies. */
  period: number;
  tokenPeriod: number;
  explicitMaxTtl: number;
  tokenExplicitMaxTtl: number;
  tokenNumUses: number;
  tokenNoDefaultPolicy: boolean;
  /** Only service tokens exist: `service` forces it, `default-service` lets the request choose. */
  tokenType: 'service' | 'default-service';
  /** Stored and shown; creating with an `entity_alias` is refused (there is no identity store). */
  allowedEntityAliases: string[] | null;
}

/** Vault's check on a suffix (unanchored, as Vault matches it): three or more word characters, `-` or `.`. */
const PATH_SUFFIX = /\w[\w-.]+\w/;

function invalid(message: string): CoreError {
  return new CoreError('invalid_request', message, { httpStatus: 400 });
}

export function newRole(name: string): TokenRole {
  return {
    name,
    allowedPolicies: [],
    disallowedPolicies: [],
    allowedPoliciesGlob: [],
    disallowedPoliciesGlob: [],
    orphan: false,
    renewable: true,
    pathSuffix: '',
    period: 0,
    tokenPeriod: 0,
    explicitMaxTtl: 0,
    tokenExplicitMaxTtl: 0,
    tokenNumUses: 0,
    tokenNoDefaultPolicy: false,
    tokenType: 'default-service',
    allowedEntityAliases: null,
  };
}

/** Vault's `strutil.RemoveDuplicates(list, true)`: trimmed, lower-cased, no empties, unique, sorted. */
export function uniqueLowerSorted(items: readonly string[]): string[] {
  return [...new Set(items.map((item) => item.trim().toLowerCase()).filter((item) => item !== ''))].sort();
}

/**
 * The role after a write: `existing` (an update) or a new role, changed by the fields given.
 * Throws `invalid_request` with Vault's reason for what Vault refuses, and for what Strongroom
 * cannot do (batch tokens, bound CIDRs).
 */
export function writeRole(existing: TokenRole | undefined, name: string, data: FieldData): { role: TokenRole; warnings: string[] } {
  const role: TokenRole = { ...(existing ?? newRole(name)) };
  const warnings: string[] = [];
  const given = <T>(field: string): T | undefined => data.getOk<T>(field);

  role.orphan = given<boolean>('orphan') ?? role.orphan;
  role.renewable = given<boolean>('renewable') ?? role.renewable;
  const suffix = given<string>('path_suffix');
  if (suffix !== undefined) {
    if (suffix !== '' && !PATH_SUFFIX.test(suffix)) {
      throw invalid(`given role path suffix contains invalid characters; must match ${PATH_SUFFIX.source}: use at least three letters, digits, "_", "-" or ".", e.g. "v1-0"`);
    }
    role.pathSuffix = suffix;
  }
  if (role.pathSuffix.includes('..')) throw invalid('error registering path suffix: path cannot contain parent references: remove the ".." from path_suffix');
  const allowed = given<string[]>('allowed_policies');
  if (allowed !== undefined) role.allowedPolicies = sanitizePolicies(allowed, false);
  const disallowed = given<string[]>('disallowed_policies');
  if (disallowed !== undefined) role.disallowedPolicies = uniqueLowerSorted(disallowed);
  const allowedGlob = given<string[]>('allowed_policies_glob');
  if (allowedGlob !== undefined) role.allowedPoliciesGlob = sanitizePolicies(allowedGlob, false);
  const disallowedGlob = given<string[]>('disallowed_policies_glob');
  if (disallowedGlob !== undefined) role.disallowedPoliciesGlob = uniqueLowerSorted(disallowedGlob);

  const type = given<string>('token_type');
  if (type !== undefined) {
    if (type === 'service' || type === 'default-service') role.tokenType = type;
    else if (type === 'batch' || type === 'default-batch') throw invalid(`'token_type' "${type}" is not supported: only service tokens exist here; use "service" or "default-service"`);
    else throw invalid(`invalid 'token_type' value "${type}": use "service" or "default-service"`);
  }
  for (const cidrs of ['token_bound_cidrs', 'bound_cidrs']) {
    if ((given<string[]>(cidrs) ?? []).length > 0) throw invalid(`'${cidrs}' is not supported: Strongroom's API listens on loopback only; leave it empty`);
  }
  const numUses = given<number>('token_num_uses');
  if (numUses !== undefined) {
    if (numUses < 0) throw invalid('error parsing role fields: token_num_uses cannot be negative: give 0 (unlimited) or more');
    role.tokenNumUses = numUses;
  }
  role.tokenNoDefaultPolicy = given<boolean>('token_no_default_policy') ?? role.tokenNoDefaultPolicy;

  // The deprecated names apply only when the token_ ones are not given (then they are dropped).
  const tokenPeriod = given<number>('token_period');
  const period = given<number>('period');
  if (tokenPeriod === undefined) {
    if (period !== undefined) role.tokenPeriod = role.period = period;
  } else {
    if (period !== undefined) warnings.push("Both 'token_period' and deprecated 'period' value supplied, ignoring the deprecated value");
    role.tokenPeriod = tokenPeriod;
    role.period = 0;
  }
  const tokenExplicit = given<number>('token_explicit_max_ttl');
  const explicit = given<number>('explicit_max_ttl');
  if (tokenExplicit === undefined) {
    if (explicit !== undefined) role.tokenExplicitMaxTtl = role.explicitMaxTtl = explicit;
  } else {
    if (explicit !== undefined) warnings.push("Both 'token_explicit_max_ttl' and deprecated 'explicit_max_ttl' value supplied, ignoring the deprecated value");
    role.tokenExplicitMaxTtl = tokenExplicit;
    role.explicitMaxTtl = 0;
  }
  if (role.tokenExplicitMaxTtl > SYSTEM_DEFAULT_TTL_SECONDS) {
    warnings.push(
      `Given explicit max TTL of ${role.tokenExplicitMaxTtl} is greater than system/mount allowed value of ${SYSTEM_DEFAULT_TTL_SECONDS} seconds; until this is fixed attempting to create tokens against this role will result in an error`,
    );
  }
  const aliases = given<string[]>('allowed_entity_aliases');
  if (aliases !== undefined) role.allowedEntityAliases = uniqueLowerSorted(aliases);
  return { role, warnings };
}

/** A role as `GET auth/token/roles/<name>` answers it in OpenBao 2.7.2. */
export function roleView(role: TokenRole): Record<string, unknown> {
  const view: Record<string, unknown> = {
    allowed_entity_aliases: role.allowedEntityAliases,
    allowed_policies: role.allowedPolicies,
    allowed_policies_glob: role.allowedPoliciesGlob,
    disallowed_policies: role.disallowedPolicies,
    disallowed_policies_glob: role.disallowedPoliciesGlob,
    explicit_max_ttl: role.explicitMaxTtl,
    name: role.name,
    orphan: role.orphan,
    path_suffix: role.pathSuffix,
    period: role.period,
    renewable: role.renewable,
    token_explicit_max_ttl: role.tokenExplicitMaxTtl,
    token_no_default_policy: role.tokenNoDefaultPolicy,
    token_period: role.tokenPeriod,
    token_type: role.tokenType,
  };
  if (role.tokenNumUses > 0) view['token_num_uses'] = role.tokenNumUses;
  return view;
}
