/**
 * An ACL policy's text → its path rules, with Vault's rules for what a policy may say: top-level
 * `name` and `path "<pattern>" { … }` blocks; in a block `capabilities` (or the old `policy =
 * "read"|"write"|"sudo"|"deny"`), `allowed_parameters`, `denied_parameters`, `required_parameters`,
 * `min_wrapping_ttl`, `max_wrapping_ttl`, `comment`. A `*` at the end of a pattern makes it a prefix,
 * a `+` segment matches any one segment, `+*` is refused; `deny` among the capabilities leaves only
 * deny. Every refusal says where (line, column) and what to write instead.
 */
import { parseHcl, HclSyntaxError, type HclItem, type HclValue, type Position } from './hcl-subset';

export const CAPABILITY_BITS = {
  deny: 1,
  create: 2,
  read: 4,
  update: 8,
  delete: 16,
  list: 32,
  sudo: 64,
  patch: 128,
  scan: 256,
} as const;

export type Capability = keyof typeof CAPABILITY_BITS;

/** Values a parameter may (or may not) take; an empty list means any value. */
export type ParameterValues = Record<string, unknown[]>;

export interface PathRule {
  /** The pattern without a leading `/`; a plain prefix rule has its trailing `*` removed, a `+` pattern keeps it. */
  path: string;
  isPrefix: boolean;
  hasSegmentWildcards: boolean;
  /** Has `{{identity.…}}` parts: without identities such a rule never applies (as for a token with no entity in Vault). */
  templated: boolean;
  /** OR of `CAPABILITY_BITS`; exactly `deny` when denied. */
  capabilities: number;
  allowedParameters: ParameterValues | null;
  deniedParameters: ParameterValues | null;
  requiredParameters: string[];
  /** Seconds; 0 = not set. */
  minWrappingTtl: number;
  maxWrappingTtl: number;
}

export interface ParsedPolicy {
  name: string | null;
  paths: PathRule[];
}

export class PolicyParseError extends Error {
  constructor(problem: string) {
    super(`failed to parse policy: ${problem}`);
    this.name = 'PolicyParseError';
  }
}

const PATH_KEYS = ['comment', 'policy', 'capabilities', 'allowed_parameters', 'denied_parameters', 'required_parameters', 'min_wrapping_ttl', 'max_wrapping_ttl'];
/** Keys OpenBao knows that Strongroom does not act on: refused, since ignoring one (an expiration) could grant more than written. */
const UNSUPPORTED_KEYS = ['mfa_methods', 'pagination_limit', 'expiration', 'list_scan_response_keys_filter_path', 'control_group'];

const OLD_POLICIES: Readonly<Record<string, Capability[]>> = {
  deny: ['deny'],
  read: ['read', 'list'],
  write: ['create', 'read', 'update', 'delete', 'list'],
  sudo: ['create', 'read', 'update', 'delete', 'list', 'sudo'],
};

const where = (at: Position) => `line ${at.line}, column ${at.column}`;

export function parsePolicy(text: string): ParsedPolicy {
  let items: HclItem[];
  try {
    items = parseHcl(text);
  } catch (error) {
    if (error instanceof HclSyntaxError) throw new PolicyParseError(error.message);
    throw error;
  }
  let name: string | null = null;
  const paths: PathRule[] = [];
  for (const item of items) {
    const key = item.keys[0] as string;
    if (key === 'name' && item.keys.length === 1) {
      name = stringValue(item.value, 'name');
    } else if (key === 'path') {
      paths.push(pathRule(item));
    } else {
      throw new PolicyParseError(`invalid key "${key}" at ${where(item.at)}: a policy holds only path "<path>" { capabilities = [...] } blocks (and a name)`);
    }
  }
  return { name, paths };
}

function pathRule(item: HclItem): PathRule {
  const pattern = item.keys[1];
  if (pattern === undefined || item.keys.length > 2 || item.value.kind !== 'object') {
    throw new PolicyParseError(`path at ${where(item.at)}: write a path block as path "<path>" { capabilities = ["read"] }`);
  }
  const label = `path "${pattern}"`;
  let capabilities: string[] = [];
  let oldPolicy: string | null = null;
  const rule: PathRule = {
    path: pattern.replace(/^\//, ''),
    isPrefix: false,
    hasSegmentWildcards: false,
    templated: /\{\{.*\}\}/.test(pattern),
    capabilities: 0,
    allowedParameters: null,
    deniedParameters: null,
    requiredParameters: [],
    minWrappingTtl: 0,
    maxWrappingTtl: 0,
  };
  for (const field of item.value.items) {
    const key = field.keys[0] as string;
    const context = `${label}: ${key}`;
    if (field.keys.length > 1 || (!PATH_KEYS.includes(key) && !UNSUPPORTED_KEYS.includes(key))) {
      throw new PolicyParseError(`${label}: invalid key "${field.keys.join(' ')}" at ${where(field.at)}: the keys of a path block are ${PATH_KEYS.join(', ')}`);
    }
    if (UNSUPPORTED_KEYS.includes(key)) throw new PolicyParseError(`${label}: "${key}" at ${where(field.at)} is not supported by Strongroom: remove it`);
    if (key === 'comment') stringValue(field.value, context);
    if (key === 'policy') oldPolicy = stringValue(field.value, context);
    if (key === 'capabilities') capabilities = stringList(field.value, context);
    if (key === 'required_parameters') rule.requiredParameters = stringList(field.value, context);
    if (key === 'allowed_parameters') rule.allowedParameters = parameterValues(field.value, context);
    if (key === 'denied_parameters') rule.deniedParameters = parameterValues(field.value, context);
    if (key === 'min_wrapping_ttl') rule.minWrappingTtl = durationSeconds(field.value, context);
    if (key === 'max_wrapping_ttl') rule.maxWrappingTtl = durationSeconds(field.value, context);
  }
  if (rule.path.includes('+*')) throw new PolicyParseError(`${label}: invalid use of wildcards ('+*' is forbidden): end the path with + or with *, not both`);
  rule.hasSegmentWildcards = rule.path === '+' || rule.path.includes('/+') || rule.path.startsWith('+/');
  if (rule.path.endsWith('*') && !rule.hasSegmentWildcards) {
    rule.path = rule.path.slice(0, -1);
    rule.isPrefix = true;
  }
  if (oldPolicy !== null) {
    const mapped = OLD_POLICIES[oldPolicy];
    if (mapped === undefined) throw new PolicyParseError(`${label}: invalid policy "${oldPolicy}": use one of deny, read, write, sudo, or capabilities = [...]`);
    capabilities = [...capabilities, ...mapped];
  }
  for (const capability of capabilities) {
    if (capability === 'deny') return { ...rule, capabilities: CAPABILITY_BITS.deny, allowedParameters: null, deniedParameters: null, requiredParameters: [], minWrappingTtl: 0, maxWrappingTtl: 0 };
    if (!Object.hasOwn(CAPABILITY_BITS, capability)) {
      throw new PolicyParseError(`${label}: invalid capability "${capability}": use ${Object.keys(CAPABILITY_BITS).join(', ')}`);
    }
    rule.capabilities |= CAPABILITY_BITS[capability as Capability];
  }
  if (rule.minWrappingTtl > 0 && rule.maxWrappingTtl > 0 && rule.maxWrappingTtl < rule.minWrappingTtl) {
    throw new PolicyParseError(`${label}: max_wrapping_ttl cannot be less than min_wrapping_ttl`);
  }
  return rule;
}

function stringValue(value: HclValue, context: string): string {
  if (value.kind !== 'string') throw new PolicyParseError(`${context} at ${where(value.at)}: expected a "quoted string", got ${value.kind}`);
  return value.value;
}

function stringList(value: HclValue, context: string): string[] {
  if (value.kind !== 'list') throw new PolicyParseError(`${context} at ${where(value.at)}: expected a list such as ["read", "list"], got ${value.kind}`);
  return value.items.map((item) => stringValue(item, context));
}

function parameterValues(value: HclValue, context: string): ParameterValues {
  if (value.kind !== 'object') throw new PolicyParseError(`${context} at ${where(value.at)}: expected an object such as { "ttl" = ["1h"] }, got ${value.kind}`);
  const out: ParameterValues = Object.create(null) as ParameterValues;
  for (const entry of value.items) {
    if (entry.keys.length !== 1 || entry.value.kind !== 'list') {
      throw new PolicyParseError(`${context} at ${where(entry.at)}: each parameter takes a list of values, e.g. "${entry.keys[0] ?? 'name'}" = [] for any value`);
    }
    out[(entry.keys[0] as string).toLowerCase()] = entry.value.items.map((item) => plainValue(item, context));
  }
  return out;
}

function plainValue(value: HclValue, context: string): unknown {
  if (value.kind === 'string' || value.kind === 'number' || value.kind === 'bool') return value.value;
  throw new PolicyParseError(`${context} at ${where(value.at)}: a parameter's values are strings, numbers or booleans`);
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds from a number or a duration string ("90", "90s", "1h30m", "2d"), as Vault's ParseDurationSecond reads them. */
function durationSeconds(value: HclValue, context: string): number {
  if (value.kind === 'number' && value.value >= 0) return Math.floor(value.value);
  if (value.kind === 'string') {
    if (/^\d+$/.test(value.value)) return Number(value.value);
    const parts = [...value.value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/g)];
    if (parts.length > 0 && parts.map((part) => part[0]).join('') === value.value) {
      return Math.floor(parts.reduce((sum, part) => sum + Number(part[1]) * (UNIT_SECONDS[part[2] as string] as number), 0));
    }
  }
  throw new PolicyParseError(`${context} at ${where(value.at)}: expected a duration such as "30m" or a number of seconds`);
}
