/**
 * fast-check generators for raw Vault HTTP API requests: methods (Vault's, near misses, random
 * words), paths (KV v2 and sys paths, `..`, `.`, `//`, `%2e%2e`, encoded slashes, NUL and invalid
 * UTF-8 percent-encoded, random bytes), queries (`list`, `help`, a token in the query), tokens
 * (valid in X-Vault-Token or Bearer, invalid, partial, empty, missing, query-only), content types
 * and bodies (Vault-shaped JSON, malformed JSON, invalid UTF-8, huge numbers, deep nesting, other
 * top-level values, binary). Every request is valid HTTP/1.1 framing (the target uses only
 * RFC 3986 characters): what is fuzzed is the Vault layer, not the HTTP parser.
 *
 * A valid token never reaches a path that would stop the run from testing anything (seal, step
 * down, unmounting or tuning the fuzzed KV mount, revoking the token, audit or auth changes):
 * such a request is sent with an invalid token instead, so it is still generated and refused.
 */
import fc from 'fast-check';
import type { WireRequest } from './vault-api-wire';

export interface FuzzTarget {
  token: string;
  /** The KV v2 mount under fuzz, without slashes, e.g. `fuzzkv`. */
  kvMount: string;
}

export type TokenKind = 'header' | 'bearer' | 'invalid' | 'partial' | 'empty' | 'missing' | 'query-only';

export interface FuzzRequest {
  wire: WireRequest;
  tokenKind: TokenKind;
  /** Names of the generators that built it (how wide the run reached). */
  kinds: string[];
}

/** The keys the KV fingerprint reads back; generated KV paths name only these (decorated). */
export const KV_KEYS = ['a', 'b', 'dir/c', 'dir/d', 'deep/x/y', 'z'] as const;

const UNRESERVED = /[A-Za-z0-9\-._~]/;
/** Percent-encodes every byte outside RFC 3986's unreserved set, keeping `/` when asked. */
export function percentEncode(bytes: Buffer, keepSlash: boolean): string {
  let out = '';
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    if ((byte < 0x80 && UNRESERVED.test(char)) || (keepSlash && char === '/')) out += char;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const method = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'LIST') },
  { weight: 3, arbitrary: fc.constantFrom('PATCH', 'HEAD', 'HELP', 'OPTIONS') },
  { weight: 1, arbitrary: fc.constantFrom('get', 'Post', 'TRACE', 'CONNECTX', 'PROPFIND', 'FOO') },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Z]{1,10}$/) },
);

/** A segment decoration: how one piece of the path is disguised. */
const segmentDecoration = fc.oneof(
  { weight: 12, arbitrary: fc.constant((s: string) => s) },
  { weight: 14, arbitrary: fc.constantFrom(
  (s: string) => `../${s}`,
  (s: string) => `${s}/..`,
  (s: string) => `./${s}`,
  (s: string) => `%2e%2e/${s}`,
  (s: string) => `%2E%2e%2F${s}`,
  (s: string) => `${s}%2f..`,
  (s: string) => `/${s}`,
  (s: string) => `${s}//`,
  (s: string) => `${s}%00`,
  (s: string) => `${s}%FF%FE`,
  (s: string) => `${s}%C3%28`,
  (s: string) => `${s}%ED%A0%80`,
  (s: string) => `${s}%5C..%5C`,
  (s: string) => s.toUpperCase(),
  ) },
);

const randomSegment = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 24 }).map((s) => percentEncode(Buffer.from(s, 'utf8'), true)),
  fc.uint8Array({ maxLength: 12 }).map((b) => percentEncode(Buffer.from(b), false)),
  fc.stringMatching(/^[a-z0-9_-]{1,12}$/),
);

function apiPath(target: FuzzTarget): fc.Arbitrary<{ path: string; kind: string }> {
  const kv = target.kvMount;
  const kvPrefix = fc.constantFrom(`${kv}/data/`, `${kv}/metadata/`, `${kv}/delete/`, `${kv}/undelete/`, `${kv}/destroy/`, `${kv}/subkeys/`);
  const kvPath = fc
    .tuple(kvPrefix, fc.constantFrom(...KV_KEYS), segmentDecoration)
    .map(([prefix, key, decorate]) => ({ path: prefix + decorate(key), kind: 'path:kv' }));
  const kvBare = fc.constantFrom(`${kv}/config`, `${kv}/`, `${kv}`, `${kv}/metadata`, `${kv}/data`).map((path) => ({ path, kind: 'path:kv-root' }));
  const sysPath = fc
    .constantFrom(
      'sys/health', 'sys/seal-status', 'sys/leader', 'sys/init', 'sys/mounts', `sys/mounts/${kv}`, `sys/internal/ui/mounts/${kv}`,
      'sys/internal/ui/mounts', 'sys/plugins/catalog', 'sys/plugins/catalog/secret', 'sys/capabilities-self', 'sys/key-status',
      'sys/leases/lookup', 'sys/leases/renew', 'auth/token/lookup-self', 'auth/token/create', 'auth/token/renew-self', 'sys/unseal',
    )
    .map((path) => ({ path, kind: 'path:sys' }));
  const sysRandom = fc
    .tuple(fc.constantFrom('sys/', 'sys/mounts/', 'sys/plugins/catalog/secret/', 'auth/token/', 'sys/internal/ui/mounts/'), randomSegment)
    .map(([prefix, rest]) => ({ path: prefix + rest, kind: 'path:sys-random' }));
  const unknown = fc.tuple(fc.constantFrom('nomount/', 'secretx/', '', 'v2/', 'cubbyhole/'), randomSegment).map(([p, r]) => ({ path: p + r, kind: 'path:unknown' }));
  const traversal = fc
    .array(fc.constantFrom('..', '.', '', kv, 'data', 'sys', 'health', '%2e%2e', '%2E.', '%2f', '%5c', '%00', 'a'), { minLength: 1, maxLength: 7 })
    .map((parts) => ({ path: parts.join('/'), kind: 'path:traversal' }));
  return fc.oneof(
    { weight: 6, arbitrary: kvPath },
    { weight: 1, arbitrary: kvBare },
    { weight: 3, arbitrary: sysPath },
    { weight: 2, arbitrary: sysRandom },
    { weight: 1, arbitrary: unknown },
    { weight: 2, arbitrary: traversal },
  );
}

function query(target: FuzzTarget): fc.Arbitrary<{ query: string; kind: string }> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant({ query: '', kind: 'query:none' }) },
    { weight: 2, arbitrary: fc.constantFrom('?list=true', '?list=True', '?list=1', '?list=false', '?help=1', '?version=1', '?versions=1,2').map((q) => ({ query: q, kind: 'query:vault' })) },
    { weight: 1, arbitrary: fc.constantFrom(`?token=${target.token}`, `?X-Vault-Token=${target.token}`, '?token=bogus').map((q) => ({ query: q, kind: 'query:token' })) },
    { weight: 1, arbitrary: fc.constantFrom('?standbycode=abc', '?standbyok=maybe', '?sealedcode=999', '?perfstandbyok=true&uninitcode=200').map((q) => ({ query: q, kind: 'query:health' })) },
    {
      weight: 1,
      arbitrary: fc
        .dictionary(fc.stringMatching(/^[a-z_]{1,8}$/), fc.string({ unit: 'binary', maxLength: 16 }), { maxKeys: 3 })
        .map((d) => ({ query: `?${Object.entries(d).map(([k, v]) => `${k}=${percentEncode(Buffer.from(v, 'utf8'), false)}`).join('&')}`, kind: 'query:random' })),
    },
  );
}

const tokenKind: fc.Arbitrary<TokenKind> = fc.constantFrom('header', 'header', 'header', 'header', 'bearer', 'invalid', 'partial', 'empty', 'missing', 'query-only');

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant<string | null>('application/json') },
  { weight: 2, arbitrary: fc.constant<string | null>(null) },
  { weight: 1, arbitrary: fc.constant<string | null>('application/merge-patch+json') },
  { weight: 1, arbitrary: fc.constantFrom<string | null>('text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/xml', '*/*', '') },
);

const fieldName = fc.constantFrom('data', 'options', 'type', 'version', 'versions', 'cas', 'max_versions', 'cas_required', 'delete_version_after', 'custom_metadata', 'ttl', 'key', 'list', 'token', 'increment', 'sha256', 'command', 'description', 'config', 'lease_id');
const jsonBody = fc.dictionary(fieldName, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }).map((v) => ({ bytes: Buffer.from(JSON.stringify(v)), kind: 'body:vault-json' }));
const kvWrite = fc
  .record({ data: fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean()), { maxKeys: 3 }), options: fc.option(fc.record({ cas: fc.integer({ min: -1, max: 5 }) }), { nil: undefined }) })
  .map((v) => ({ bytes: Buffer.from(JSON.stringify(v)), kind: 'body:kv-write' }));
const malformed = fc
  .constantFrom('{', '{"data":', '{"data":{"a":1,}}', "{'a':1}", '{"a":NaN}', '{"a":Infinity}', '[1,2', '{"a":"\\x41"}', '{"a":"\\ud800"}', '"unterminated', 'nul\u0000l', '{"a":1}{"b":2}', '{"a":01}', ' ')
  .map((s) => ({ bytes: Buffer.from(s), kind: 'body:malformed-json' }));
const invalidUtf8 = fc
  .constantFrom([0xff, 0xfe], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80])
  .map((bad) => ({ bytes: Buffer.concat([Buffer.from('{"data":{"k":"'), Buffer.from(bad), Buffer.from('"}}')]), kind: 'body:invalid-utf8' }));
const hugeNumber = fc
  .constantFrom('1e400', '-1e400', '123456789012345678901234567890', '0.' + '0'.repeat(400) + '1', '9007199254740993', '1' + '0'.repeat(5000), '-0', '1e-400')
  .map((n) => ({ bytes: Buffer.from(`{"data":{"n":${n}},"max_versions":${n},"ttl":${n}}`), kind: 'body:huge-number' }));
const deepNesting = fc
  .tuple(fc.integer({ min: 50, max: 3000 }), fc.boolean())
  .map(([depth, arrays]) => ({ bytes: Buffer.from(`{"data":${(arrays ? '[' : '{"a":').repeat(depth)}1${(arrays ? ']' : '}').repeat(depth)}}`), kind: 'body:deep-nesting' }));
const otherTopLevel = fc.constantFrom('[]', 'null', '"text"', '42', 'true', '[{"data":{}}]').map((s) => ({ bytes: Buffer.from(s), kind: 'body:not-an-object' }));
const binary = fc.uint8Array({ maxLength: 256 }).map((b) => ({ bytes: Buffer.from(b), kind: 'body:binary' }));
const noBody = fc.constant({ bytes: undefined as Buffer | undefined, kind: 'body:none' });

const body = fc.oneof(
  { weight: 4, arbitrary: noBody },
  { weight: 3, arbitrary: jsonBody },
  { weight: 4, arbitrary: kvWrite },
  { weight: 2, arbitrary: malformed },
  { weight: 1, arbitrary: invalidUtf8 },
  { weight: 1, arbitrary: hugeNumber },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: otherTopLevel },
  { weight: 1, arbitrary: binary },
);

const extraHeaders = fc.subarray([
  ['X-Vault-Request', 'true'],
  ['X-Vault-Wrap-TTL', '30s'],
  ['X-Vault-Wrap-TTL', 'garbage'],
  ['X-Vault-Namespace', 'ns1/'],
  ['X-Vault-Policy-Override', 'true'],
  ['Origin', 'https://evil.example'],
  ['Accept', 'text/html'],
  ['X-Forwarded-For', '10.0.0.1'],
] as Array<[string, string]>, { maxLength: 3 });

/** A path a valid token must not reach (see the module comment). */
export function isDestructive(method: string, apiPathText: string, kvMount: string): boolean {
  const p = decodeURIComponentSafe(apiPathText).replace(/\/+/g, '/').replace(/^\/|\/$/g, '');
  if (/(^|\/)sys\/(seal|step-down|rotate|rekey|generate-root|audit|auth|remount|policy|policies|raw)(\/|$)/.test(p)) return true;
  if (/(^|\/)auth\/token\/revoke/.test(p)) return true;
  if (new RegExp(`(^|/)sys/mounts/${kvMount}(/|$)`).test(p) && method.toUpperCase() !== 'GET') return true;
  if (/(^|\/)sys\/plugins\/(catalog|reload)/.test(p) && !['GET', 'LIST'].includes(method.toUpperCase())) return true;
  return false;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function vaultRequest(target: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({ method, path: apiPath(target), query: query(target), token: tokenKind, contentType, body, extra: extraHeaders })
    .map(({ method: m, path, query: q, token, contentType: type, body: b, extra }) => {
      const chosen: TokenKind = (token === 'header' || token === 'bearer' || token === 'query-only') && isDestructive(m, path.path, target.kvMount) ? 'invalid' : token;
      const headers: Array<[string, string]> = [];
      if (chosen === 'header') headers.push(['X-Vault-Token', target.token]);
      if (chosen === 'bearer') headers.push(['Authorization', `Bearer ${target.token}`]);
      if (chosen === 'invalid') headers.push(['X-Vault-Token', 'hvs.notAToken0000000000000000']);
      if (chosen === 'partial') headers.push(['X-Vault-Token', target.token.slice(0, Math.max(1, target.token.length - 3))]);
      if (chosen === 'empty') headers.push(['X-Vault-Token', '']);
      const tokenQuery = chosen === 'query-only' ? `${q.query === '' ? '?' : '&'}token=${target.token}` : '';
      if (type !== null) headers.push(['Content-Type', type]);
      headers.push(...extra);
      return {
        wire: { method: m, target: `/v1/${path.path}${q.query}${tokenQuery}`, headers, ...(b.bytes === undefined ? {} : { body: b.bytes }) },
        tokenKind: chosen,
        kinds: [`method:${m}`, path.kind, q.kind, `token:${chosen}`, `content-type:${type ?? 'none'}`, b.kind],
      };
    });
}
