/**
 * Field-by-field comparison of what a client got from host A and from host B. Before comparing,
 * each answer is normalised: the values a step saved (unseal key, root token, lease id, child
 * token…) and the host's address become `${name}` wherever they occur in a string, a uuid or an
 * RFC 3339 time inside a text becomes `<uuid>` / `<time>`, and the fields
 * that differ between two correct servers (ids, accessors, times, software versions) keep only
 * their kind (`<string>`, `<empty>`, `<number>`…), so a field present on one host and missing or
 * empty on the other still shows. An error text agrees when Strongroom's contains OpenBao's.
 */

/** Key names ignored wherever they occur, each with the reason. */
export const IGNORED_KEYS: Readonly<Record<string, string>> = {
  request_id: 'a new uuid per request',
  lease_id: 'random after the request path (kept: the path, and whether there is a lease at all)',
  accessor: 'random per token and per mount',
  wrapped_accessor: 'the accessor of the token inside a wrapping: random per token',
  uuid: 'random per mount',
  client_token: 'a new token per create',
  entity_id: 'no identity store on Strongroom; empty on OpenBao for root and its children',
  creation_time: 'a clock reading',
  created_time: 'a clock reading',
  updated_time: 'a clock reading',
  deletion_time: 'a clock reading',
  issue_time: 'a clock reading',
  expire_time: 'a clock reading',
  last_renewal: 'a clock reading',
  last_renewal_time: 'a clock reading',
  server_time_utc: 'a clock reading',
  ttl: 'counts down: a second may pass between the two hosts',
  running_plugin_version: "the server's own version for builtin engines",
  running_sha256: "the server's own builtin engines",
  build_date: "the server's build",
  cluster_id: 'random per server',
  cluster_name: 'random per server',
  nonce: 'random per unseal attempt',
  storage_type: 'the storage configured, not behaviour: "sqlite" on Strongroom, "inmem" on the reference server',
};

/** `version` is a software version when it is a string (compared by kind), a KV version when a number (compared). */
function ignoredHere(key: string, value: unknown): boolean {
  return key in IGNORED_KEYS || (key === 'version' && typeof value === 'string');
}

/** Vault's lease id: the request path, `/`, 24 base62 characters. */
const LEASE_ID_SUFFIX = /\/[A-Za-z0-9]{24}$/;

function kindOf(value: unknown): unknown {
  if (value === null) return null;
  if (value === undefined) return '<missing>';
  if (typeof value === 'string') {
    if (value === '') return '<empty>';
    return LEASE_ID_SUFFIX.test(value) ? value.replace(LEASE_ID_SUFFIX, '/<lease id>') : '<string>';
  }
  if (Array.isArray(value)) return '<array>';
  return `<${typeof value}>`;
}

export type Replacements = ReadonlyMap<string, string>;

/** A uuid anywhere in a text (a migration id in the CLI's `secrets move` output) is random. */
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
/** An RFC 3339 time inside a text (the CLI's tables) is a clock reading. */
const TIME = /\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)/g;

function replaceAll(text: string, replacements: Replacements): string {
  let out = text.replace(UUID, '<uuid>').replace(TIME, '<time>');
  // Longest first, so a value that contains another is replaced whole.
  for (const [value, name] of [...replacements].sort((x, y) => y[0].length - x[0].length)) {
    if (value !== '') out = out.split(value).join(`\${${name}}`);
  }
  return out;
}

/** The answer as compared: saved values named, ignored keys reduced to their kind. */
export function normalise(value: unknown, replacements: Replacements): unknown {
  if (typeof value === 'string') return replaceAll(value, replacements);
  if (Array.isArray(value)) return value.map((item) => normalise(item, replacements));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const named = replaceAll(key, replacements);
      out[named] = ignoredHere(key, item) ? kindOf(typeof item === 'string' ? replaceAll(item, replacements) : item) : normalise(item, replacements);
    }
    return out;
  }
  return value;
}

export interface Difference {
  field: string;
  a: unknown;
  b: unknown;
}

/** `a.b.c` patterns, `*` for any one segment; a pattern covers the field and everything below it. */
export function covered(field: string, patterns: readonly string[]): boolean {
  const segments = field.split('.');
  return patterns.some((pattern) => {
    const wanted = pattern.split('.');
    return wanted.length <= segments.length && wanted.every((part, index) => part === '*' || part === segments[index]);
  });
}

/**
 * An error's text (an item of `errors`, node-vault's `message`, the CLI's stderr) agrees when
 * Strongroom's contains OpenBao's whole: Strongroom may add what to do next ("Vault is sealed: unseal
 * Strongroom first…"), as the conformance suite allows.
 */
function errorTextAgrees(field: string, a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || b === '') return false;
  const segments = field.split('.');
  const last = segments.at(-1);
  const isErrorText = last === 'stderr' || last === 'message' || segments.at(-2) === 'errors';
  return isErrorText && a.includes(b);
}

function walk(field: string, a: unknown, b: unknown, skip: readonly string[], out: Difference[]): void {
  if (field !== '' && covered(field, skip)) return;
  if (errorTextAgrees(field, a, b)) return;
  const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    for (const key of [...new Set([...Object.keys(left), ...Object.keys(right)])].sort()) {
      walk(field === '' ? key : `${field}.${key}`, key in left ? left[key] : '<missing>', key in right ? right[key] : '<missing>', skip, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((item, index) => walk(`${field}.${index}`, item, b[index], skip, out));
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ field: field === '' ? '(answer)' : field, a, b });
}

/** The fields where the two normalised answers differ; `skip` patterns are a step's own ignores. */
export function differences(a: unknown, b: unknown, skip: readonly string[] = []): Difference[] {
  const out: Difference[] = [];
  walk('', a, b, skip, out);
  return out;
}

/** One line per field: `data.foo: A "x" ≠ B "y"`. */
export function formatDifferences(found: readonly Difference[]): string {
  const show = (value: unknown) => (value === '<missing>' ? 'missing' : JSON.stringify(value));
  return found.map(({ field, a, b }) => `  ${field}: A ${show(a)} ≠ B ${show(b)}`).join('\n');
}
