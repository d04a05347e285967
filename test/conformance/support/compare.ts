/**
 * Field-by-field comparison of two `HostReply`s. Fields named in `random` (ids, keys, ciphertexts,
 * serials, times: anything that differs between two correct runs) are compared by shape: same
 * JSON type, same object keys, and strings with the same skeleton (every run of letters, digits,
 * `+`, `/` and `=` reduced to one `x`, so `vault:v1:…` stays `x:x:x`, a PEM keeps its armour lines).
 * A certificate serial (`1a:2b:…`, 1 to 20 octets) is one shape whatever its length: a random
 * serial whose leading octet is zero is printed one octet shorter (RFC 5280 allows up to 20).
 */
import type { HostReply } from './hosts';

/** `a.b.c` patterns; `*` matches any one segment. A pattern covers the field and all below it. */
export type FieldPatterns = readonly string[];

function covered(field: string, patterns: FieldPatterns): boolean {
  const segments = field.split('.');
  return patterns.some((pattern) => {
    const wanted = pattern.split('.');
    return wanted.length <= segments.length && wanted.every((part, index) => part === '*' || part === segments[index]);
  });
}

const SERIAL = /(?<![0-9a-f:])[0-9a-f]{2}(?::[0-9a-f]{2}){1,19}(?![0-9a-f:])/gi;
const skeleton = (text: string) => text.replace(SERIAL, '<serial>').replace(/[A-Za-z0-9+/=]+/g, 'x');

/** What a value looks like, without what it says (object keys too: ids can be keys). */
export function shapeOf(value: unknown): unknown {
  if (typeof value === 'string') return `string:${skeleton(value)}`;
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value !== null && typeof value === 'object') {
    // Pairs, not an object: two keys may share a skeleton (`1`, `2`).
    const pairs = Object.entries(value).map(([key, item]) => JSON.stringify([skeleton(key), shapeOf(item)]));
    return { object: pairs.sort() };
  }
  return typeof value;
}

function differences(field: string, ours: unknown, theirs: unknown, random: FieldPatterns, out: string[]): void {
  if (covered(field, random)) {
    if (JSON.stringify(shapeOf(ours)) !== JSON.stringify(shapeOf(theirs))) out.push(field);
    return;
  }
  const objects = [ours, theirs].every((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
  if (objects) {
    const a = ours as Record<string, unknown>;
    const b = theirs as Record<string, unknown>;
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      differences(field === '' ? key : `${field}.${key}`, a[key], b[key], random, out);
    }
    return;
  }
  const arrays = Array.isArray(ours) && Array.isArray(theirs);
  if (arrays && ours.length === theirs.length) {
    ours.forEach((item, index) => differences(`${field}.${index}`, item, theirs[index], random, out));
    return;
  }
  if (JSON.stringify(ours) !== JSON.stringify(theirs)) out.push(field === '' ? '(value)' : field);
}

/** Vault's lease id (`vault/expiration.go`): the request path, `/`, 24 base62 characters. */
const VAULT_LEASE_ID = /^(.+)\/[A-Za-z0-9]{24}$/;

/** The request path of a lease id of Vault's shape, or undefined when the id has another shape. */
export function leaseIdPath(leaseId: string): string | undefined {
  return VAULT_LEASE_ID.exec(leaseId)?.[1];
}

/**
 * A lease compares by value except its TTL (by shape: a second may pass between the hosts) and its
 * id, which must be Vault's shape on both hosts, for the same request path.
 */
function leaseDifferences(ours: HostReply['lease'], theirs: HostReply['lease'], random: FieldPatterns, out: string[]): void {
  const withoutId = (lease: HostReply['lease']) => (lease === null ? null : { ttl: lease.ttl, renewable: lease.renewable });
  differences('lease', withoutId(ours), withoutId(theirs), ['lease.ttl', ...random], out);
  if (ours === null || theirs === null) return;
  const path = leaseIdPath(ours.id);
  if (path === undefined || path !== leaseIdPath(theirs.id)) out.push('lease.id');
}

/** Vault's HTTP layer answers a 500 as go-multierror's list (`1 error occurred:\n\t* …`): its items. */
function errorItems(message: string): string[] {
  const items = [...message.matchAll(/^\t\* (.*)$/gm)].map((match) => match[1] ?? '');
  return /^\d+ errors? occurred:/.test(message) && items.length > 0 ? items : [message];
}

/**
 * The fields where Strongroom's answer differs from OpenBao's, as `status`, `errors`, `data.<path>`,
 * `warnings`, `lease`, `lease.<field>`, `raw.contentType`, `raw.text`. An error's text must contain each of OpenBao's
 * messages (Strongroom prefixes its error class).
 */
export function compareReplies(strongroom: HostReply, openbao: HostReply, random: FieldPatterns): string[] {
  const out: string[] = [];
  if (strongroom.status !== openbao.status) out.push('status');
  if ((strongroom.errors === null) !== (openbao.errors === null)) out.push('errors');
  else if (strongroom.errors !== null && openbao.errors !== null) {
    const text = strongroom.errors.join('\n');
    if (!openbao.errors.flatMap(errorItems).every((message) => text.includes(message))) out.push('errors');
  }
  differences('data', strongroom.data, openbao.data, random, out);
  if (JSON.stringify(strongroom.warnings) !== JSON.stringify(openbao.warnings)) out.push('warnings');
  leaseDifferences(strongroom.lease, openbao.lease, random, out);
  if ((strongroom.raw === null) !== (openbao.raw === null)) out.push('raw');
  else if (strongroom.raw !== null && openbao.raw !== null) {
    if (strongroom.raw.contentType !== openbao.raw.contentType) out.push('raw.contentType');
    differences('raw.text', strongroom.raw.text, openbao.raw.text, random, out);
  }
  return out;
}
