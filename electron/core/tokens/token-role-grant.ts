/**
 * `auth/token/create/<role>`: how a role changes a create request, as Vault's `handleCreateCommon`,
 * `resolveTokenPolicies` and `parseAndMergeTTLPeriod` apply it. The role decides orphan-ness
 * (`no_parent` is ignored), may only lower `renewable` and `num_uses`, adds its name (and
 * `path_suffix`) to the token's path, gives the lesser of its and the request's period and explicit
 * max TTL (with Vault's warnings), and, when it lists allowed or disallowed policies, decides the
 * policies by its own rules. A token keeps the role's name: its renewals use the role's current
 * period and explicit max TTL (`TokenStore.renew`).
 */
import { CoreError } from '../core-errors';
import { sanitizePolicies, type TokenRecord } from './token-entry';
import type { TokenCreateRequest } from './token-grant';
import { uniqueLowerSorted, type TokenRole } from './token-role';

function invalid(message: string): CoreError {
  return new CoreError('invalid_request', message, { httpStatus: 400 });
}

/** go-glob's match, which Vault's `StrListContainsGlob` uses: `*` is any run of characters, nothing else is special. */
export function globMatch(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const parts = pattern.split('*');
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  if (!value.startsWith(first) || value.length < first.length + last.length || !value.endsWith(last)) return false;
  let at = first.length;
  const end = value.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = value.indexOf(middle, at);
    if (found < 0 || found + middle.length > end) return false;
    at = found + middle.length;
  }
  return true;
}

const anyGlob = (patterns: readonly string[], value: string) => patterns.some((pattern) => globMatch(pattern, value));
/** Go's `%q` of a []string: `["a" "b"]`. */
const goQuoted = (items: readonly string[]) => `[${items.map((item) => JSON.stringify(item)).join(' ')}]`;

/**
 * The policies a role with allowed or disallowed lists gives (Vault's role branch of
 * `resolveTokenPolicies`); undefined when it has no lists, so the request's own rules apply.
 */
export function rolePolicies(role: TokenRole, requested: readonly string[], noDefaultPolicy: boolean, parentPolicies: readonly string[]): string[] | undefined {
  const hasLists = role.allowedPolicies.length + role.disallowedPolicies.length + role.allowedPoliciesGlob.length + role.disallowedPoliciesGlob.length > 0;
  if (!hasLists) return undefined;
  const addDefault = !noDefaultPolicy && !role.tokenNoDefaultPolicy && !role.disallowedPolicies.includes('default') && !anyGlob(role.disallowedPoliciesGlob, 'default');
  let policies = requested.length > 0 ? sanitizePolicies(requested, addDefault) : [];
  if (role.allowedPolicies.length > 0 || role.allowedPoliciesGlob.length > 0) {
    const allowed = sanitizePolicies(role.allowedPolicies, addDefault);
    if (policies.length === 0) {
      policies = allowed;
    } else {
      const globs = sanitizePolicies(role.allowedPoliciesGlob, false);
      if (policies.some((policy) => !allowed.includes(policy) && !anyGlob(globs, policy))) {
        throw invalid(`token policies (${goQuoted(policies)}) must be subset of the role's allowed policies (${goQuoted(allowed)}) or glob policies (${goQuoted(globs)}): ask for policies the role allows, or none to get them all`);
      }
    }
  } else if (policies.length === 0) {
    policies = sanitizePolicies(parentPolicies, addDefault);
  }
  const disallowed = uniqueLowerSorted(role.disallowedPolicies);
  const disallowedGlob = uniqueLowerSorted(role.disallowedPoliciesGlob);
  const refused = policies.find((policy) => disallowed.includes(policy) || anyGlob(disallowedGlob, policy));
  if (refused !== undefined) throw invalid(`token policy "${refused}" is disallowed by this role: leave it out of "policies"`);
  const final = sanitizePolicies(policies, false);
  return noDefaultPolicy ? final.filter((policy) => policy !== 'default') : final;
}

/** The lesser of the role's and the request's value, warning when both were given (Vault's wording). */
function lesser(fromRole: number, fromRequest: number, what: string, warnings: string[]): number {
  if (fromRole === 0) return fromRequest;
  if (fromRequest === 0) return fromRole;
  const chosen = Math.min(fromRole, fromRequest);
  warnings.push(`${what} specified both during creation call and in role; using the lesser value of ${chosen} seconds`);
  return chosen;
}

/** The create request with the role applied, and the warnings that gives. */
export function applyRole(role: TokenRole, request: TokenCreateRequest, parentPolicies: readonly string[]): { request: TokenCreateRequest; warnings: string[] } {
  const warnings: string[] = [];
  const requestedUses = request.numUses ?? 0;
  let numUses = requestedUses;
  // 0 is unlimited: the role's limit applies unless the request asked for fewer.
  if (role.tokenNumUses > 0 && (requestedUses === 0 || role.tokenNumUses < requestedUses)) numUses = role.tokenNumUses;
  const explicitMaxTtl = lesser(role.tokenExplicitMaxTtl, request.explicitMaxTtl ?? 0, 'Explicit max TTL', warnings);
  const period = lesser(role.tokenPeriod, request.period ?? 0, 'Period', warnings);
  const policies = rolePolicies(role, request.policies ?? [], request.noDefaultPolicy === true, parentPolicies);
  const applied: TokenCreateRequest = {
    ...request,
    path: `auth/token/create/${role.name}${role.pathSuffix === '' ? '' : `/${role.pathSuffix}`}`,
    orphan: role.orphan,
    renewable: (request.renewable ?? true) && role.renewable,
    numUses,
    explicitMaxTtl,
    period,
    role: { name: role.name, policies, requestedExplicitMaxTtl: request.explicitMaxTtl ?? 0, requestedPeriod: request.period ?? 0 },
  };
  return { request: applied, warnings };
}

/** A role's token renews with the role's current period and explicit max TTL, as in Vault; not at all once the role is gone. */
export function renewalLimits(record: TokenRecord, roles: { get(name: string): TokenRole | undefined }): { period: number; explicitMaxTtl: number } {
  if (record.role === undefined) return { period: record.period, explicitMaxTtl: record.explicitMaxTtl };
  const role = roles.get(record.role);
  if (role === undefined) {
    throw new CoreError('token_not_renewable', `original token role "${record.role}" could not be found, not renewing: create the role again, or create a new token.`, { httpStatus: 400 });
  }
  return { period: role.tokenPeriod, explicitMaxTtl: role.tokenExplicitMaxTtl };
}
