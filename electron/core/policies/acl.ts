/**
 * A token's policies compiled into one ACL, and the decisions Vault takes from it:
 *
 * - The same pattern in several rules (or policies) is merged: capabilities OR'd, unless one says
 *   deny, which then stands alone; parameter lists merged (an empty list, "any value", wins);
 *   required parameters united; of two wrapping TTLs the smaller.
 * - The rule for a path: an exact pattern first; else, among `*` prefixes (longest wins) and `+`
 *   patterns that match, the best by Vault's order: the later first `+`/`*`, then not a prefix,
 *   then fewer `+` segments, then longer, then lexically greater.
 * - A list (its path ends in `/`) also tries the exact pattern without the `/`, and when no wildcard
 *   matches the path as it is, the wildcards without the `/` (as OpenBao 2.7.2 answers).
 * - `root` may do everything; help is always allowed.
 */
import { parametersAllowed } from './acl-parameters';
import { CAPABILITY_BITS, type Capability, type ParameterValues, type PathRule } from './policy-parse';

export interface NamedPolicy {
  name: string;
  paths: readonly PathRule[];
}

export type AclOperation = 'read' | 'list' | 'create' | 'update' | 'patch' | 'delete' | 'help';

export interface AclDecision {
  allowed: boolean;
  /** The matched rule grants `sudo` (what root-protected paths need). */
  sudo: boolean;
}

interface Permissions {
  capabilities: number;
  allowedParameters: ParameterValues | null;
  deniedParameters: ParameterValues | null;
  requiredParameters: string[];
  minWrappingTtl: number;
  maxWrappingTtl: number;
}

const OPERATION_BITS: Readonly<Record<Exclude<AclOperation, 'help'>, number>> = {
  read: CAPABILITY_BITS.read,
  list: CAPABILITY_BITS.list,
  create: CAPABILITY_BITS.create,
  update: CAPABILITY_BITS.update,
  patch: CAPABILITY_BITS.patch,
  delete: CAPABILITY_BITS.delete,
};

const CHECKS_PARAMETERS: ReadonlySet<AclOperation> = new Set(['read', 'create', 'update', 'patch']);

interface WildcardRule {
  /** The pattern without a trailing `*`. */
  pattern: string;
  segments: string[];
  isPrefix: boolean;
  firstWildcard: number;
  perms: Permissions;
}

interface Candidate {
  firstWildcard: number;
  isPrefix: boolean;
  wildcards: number;
  pattern: string;
  perms: Permissions;
}

export class Acl {
  private readonly exact = new Map<string, Permissions>();
  /** `*` prefixes, longest first. */
  private readonly prefixes: Array<[string, Permissions]>;
  private readonly wildcards: WildcardRule[];

  private constructor(
    readonly root: boolean,
    policies: readonly NamedPolicy[],
  ) {
    const prefixes = new Map<string, Permissions>();
    const segmented = new Map<string, Permissions>();
    for (const policy of policies) {
      for (const rule of policy.paths) {
        if (rule.templated) continue; // no identities: a templated path names nobody
        const table = rule.hasSegmentWildcards ? segmented : rule.isPrefix ? prefixes : this.exact;
        const existing = table.get(rule.path);
        table.set(rule.path, existing === undefined ? permissionsOf(rule) : merge(existing, rule));
      }
    }
    this.prefixes = [...prefixes].sort(([a], [b]) => b.length - a.length);
    this.wildcards = [...segmented].filter(([pattern]) => pattern !== '').map(([full, perms]) => {
      const isPrefix = full.endsWith('*');
      const pattern = isPrefix ? full.slice(0, -1) : full;
      return { pattern, segments: pattern.split('/'), isPrefix, firstWildcard: full.indexOf('+'), perms };
    });
  }

  /** `root` among the names gives the root ACL, as Vault's `root` policy does. */
  static compile(policies: readonly NamedPolicy[]): Acl {
    return new Acl(
      policies.some((policy) => policy.name === 'root'),
      policies,
    );
  }

  /** What `sys/capabilities` answers for `path`: `["root"]`, `["deny"]`, or the capability names sorted. */
  capabilities(path: string): string[] {
    if (this.root) return ['root'];
    const bits = this.rulesFor(stripLeadingSlashes(path), true)?.capabilities ?? 0;
    if ((bits & CAPABILITY_BITS.deny) !== 0) return ['deny'];
    const names = (Object.keys(CAPABILITY_BITS) as Capability[]).filter((name) => name !== 'deny' && (bits & CAPABILITY_BITS[name]) !== 0);
    return names.length === 0 ? ['deny'] : names.sort();
  }

  /**
   * May the token see the mount at `mountPath` (`secret/`) in `sys/internal/ui/mounts`, as Vault's
   * `hasMountAccess` decides: its capabilities on the mount path are not deny, or some exact or
   * `*` rule under it grants create, read, update, delete, list or sudo.
   */
  hasMountAccess(mountPath: string): boolean {
    if (!this.capabilities(mountPath).includes('deny')) return true;
    const { create, read, update, delete: remove, list, sudo, deny } = CAPABILITY_BITS;
    const grants = (perms: Permissions) => (perms.capabilities & deny) === 0 && (perms.capabilities & (create | read | update | remove | list | sudo)) !== 0;
    for (const [pattern, perms] of this.exact) if (pattern.startsWith(mountPath) && grants(perms)) return true;
    if (this.prefixes.some(([pattern, perms]) => pattern.startsWith(mountPath) && grants(perms))) return true;
    return this.reachesMount(mountPath);
  }

  /**
   * OpenBao's "bare mount" check (the decision matrix's KV preflight shows it): with no `+` rules,
   * any `*` prefix of the mount path counts, even a deny; otherwise a `+` rule whose segments
   * up to the mount's match it (`+` matching any), granting something other than deny.
   */
  private reachesMount(mountPath: string): boolean {
    if (this.wildcards.length === 0) return this.prefixes.some(([pattern]) => mountPath.startsWith(pattern));
    const parts = mountPath.split('/');
    const last = parts.length - 2;
    return this.wildcards.some((rule) => {
      if (rule.segments.length <= last || (rule.perms.capabilities & CAPABILITY_BITS.deny) !== 0 || rule.perms.capabilities === 0) return false;
      const matched: string[] = [];
      for (let i = 0; i <= last; i++) {
        const wanted = rule.segments[i] as string;
        const given = parts[i] as string;
        if (wanted === '+' || wanted === given) matched.push(given);
        else if (rule.isPrefix && i === rule.segments.length - 1 && given.startsWith(wanted)) matched.push(...parts.slice(i));
      }
      return `${matched.join('/')}/`.startsWith(mountPath);
    });
  }

  /**
   * May `operation` run on `path` (the full request path; a list's ends in `/`) with `data`?
   * `wrapTtl` is the response-wrapping TTL asked for, in seconds (none: undefined).
   */
  allows(operation: AclOperation, path: string, data: Readonly<Record<string, unknown>>, wrapTtl?: number): AclDecision {
    if (this.root || operation === 'help') return { allowed: true, sudo: this.root };
    const perms = this.rulesFor(stripLeadingSlashes(path), operation === 'list');
    if (perms === undefined) return { allowed: false, sudo: false };
    const sudo = (perms.capabilities & CAPABILITY_BITS.sudo) !== 0;
    const denied = { allowed: false, sudo };
    if ((perms.capabilities & OPERATION_BITS[operation]) === 0) return denied;
    if (perms.maxWrappingTtl > 0 && (wrapTtl === undefined || wrapTtl > perms.maxWrappingTtl)) return denied;
    if (perms.minWrappingTtl > 0 && (wrapTtl === undefined || wrapTtl < perms.minWrappingTtl)) return denied;
    if (perms.minWrappingTtl > 0 && perms.maxWrappingTtl > 0 && perms.maxWrappingTtl < perms.minWrappingTtl) return denied;
    if (CHECKS_PARAMETERS.has(operation) && !parametersAllowed(perms, data)) return denied;
    return { allowed: true, sudo };
  }

  private rulesFor(path: string, asList: boolean): Permissions | undefined {
    const exact = this.exact.get(path);
    if (exact !== undefined) return exact;
    const folder = asList && path.endsWith('/') ? path.slice(0, -1) : undefined;
    if (folder !== undefined) {
      const exactFolder = this.exact.get(folder);
      if (exactFolder !== undefined) return exactFolder;
    }
    // As OpenBao 2.7.2 answers (the decision matrix): the wildcards see the path as it is first,
    // and only when none matches, a list's path without its `/`.
    return this.nonExact(path) ?? (folder === undefined ? undefined : this.nonExact(folder));
  }

  private nonExact(path: string): Permissions | undefined {
    let best: Candidate | undefined;
    const prefix = this.prefixes.find(([pattern]) => path.startsWith(pattern));
    if (prefix !== undefined) {
      if (this.wildcards.length === 0) return prefix[1];
      best = { firstWildcard: prefix[0].length, isPrefix: true, wildcards: 0, pattern: prefix[0], perms: prefix[1] };
    }
    const parts = path.split('/');
    for (const rule of this.wildcards) {
      const wildcards = segmentMatch(rule, parts);
      if (wildcards === undefined) continue;
      const candidate: Candidate = { firstWildcard: rule.firstWildcard, isPrefix: rule.isPrefix, wildcards, pattern: rule.pattern, perms: rule.perms };
      if (best === undefined || outranks(candidate, best)) best = candidate;
    }
    return best?.perms;
  }
}

/** The number of `+` segments if `rule` matches the path's `parts`, else undefined. */
function segmentMatch(rule: WildcardRule, parts: readonly string[]): number | undefined {
  const { segments, isPrefix } = rule;
  if (parts.length < segments.length || (!isPrefix && parts.length !== segments.length)) return undefined;
  let wildcards = 0;
  for (let i = 0; i < segments.length; i++) {
    const wanted = segments[i] as string;
    const given = parts[i] as string;
    if (wanted === '+') wildcards++;
    else if (wanted === given) continue;
    else if (isPrefix && i === segments.length - 1 && given.startsWith(wanted)) continue;
    else return undefined;
  }
  return wildcards;
}

/** Vault's priority between two matching non-exact rules: is `a` the better one? */
function outranks(a: Candidate, b: Candidate): boolean {
  if (a.firstWildcard !== b.firstWildcard) return a.firstWildcard > b.firstWildcard;
  if (a.isPrefix !== b.isPrefix) return !a.isPrefix;
  if (a.wildcards !== b.wildcards) return a.wildcards < b.wildcards;
  if (a.pattern.length !== b.pattern.length) return a.pattern.length > b.pattern.length;
  return a.pattern > b.pattern;
}

function stripLeadingSlashes(path: string): string {
  return path.replace(/^\/+/, '');
}

function permissionsOf(rule: PathRule): Permissions {
  return {
    capabilities: rule.capabilities,
    allowedParameters: copyValues(rule.allowedParameters),
    deniedParameters: copyValues(rule.deniedParameters),
    requiredParameters: [...rule.requiredParameters],
    minWrappingTtl: rule.minWrappingTtl,
    maxWrappingTtl: rule.maxWrappingTtl,
  };
}

function merge(existing: Permissions, rule: PathRule): Permissions {
  if ((existing.capabilities & CAPABILITY_BITS.deny) !== 0) return existing;
  if ((rule.capabilities & CAPABILITY_BITS.deny) !== 0) return { ...existing, capabilities: CAPABILITY_BITS.deny, allowedParameters: null, deniedParameters: null };
  const smaller = (mine: number, theirs: number) => (theirs > 0 && (mine === 0 || theirs < mine) ? theirs : mine);
  return {
    capabilities: existing.capabilities | rule.capabilities,
    maxWrappingTtl: smaller(existing.maxWrappingTtl, rule.maxWrappingTtl),
    minWrappingTtl: smaller(existing.minWrappingTtl, rule.minWrappingTtl),
    allowedParameters: mergeValues(existing.allowedParameters, rule.allowedParameters),
    deniedParameters: mergeValues(existing.deniedParameters, rule.deniedParameters),
    requiredParameters: [...new Set([...existing.requiredParameters, ...rule.requiredParameters])],
  };
}

function mergeValues(existing: ParameterValues | null, added: ParameterValues | null): ParameterValues | null {
  if (added === null || Object.keys(added).length === 0) return existing;
  if (existing === null) return copyValues(added);
  const merged = copyValues(existing) as ParameterValues;
  for (const [name, values] of Object.entries(added)) {
    const before = merged[name];
    merged[name] = values.length === 0 || (before !== undefined && before.length === 0) ? [] : [...values, ...(before ?? [])];
  }
  return merged;
}

/** A copy without a prototype, so a parameter named `__proto__` is just a name. */
function copyValues(values: ParameterValues | null): ParameterValues | null {
  return values === null ? null : (Object.assign(Object.create(null), values) as ParameterValues);
}
