/**
 * From an HTTP request to what Vault's HTTP layer makes of it (`buildLogicalRequestNoAuth`): the
 * API path under `/v1/` (percent-decoded; `.` and `..` segments refused, literal or encoded), the
 * method (Vault's own `LIST` and `HELP` included), the query (Go's bool grammar for `list` and
 * `help`; the other parameters of GET, DELETE and LIST become the request's data) and the token
 * (`X-Vault-Token`, else `Authorization: Bearer`; never the query string, where URLs get logged).
 */
import type http from 'node:http';
import { DURATION_HINT, durationSeconds } from '../../proto/wire/duration';
import { ApiFailure } from './error-reply';
import { METHOD_MARKERS } from './vault-methods';

export const API_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'LIST', 'HELP'] as const;
export type ApiMethod = (typeof API_METHODS)[number];
export const ALLOW_HEADER = API_METHODS.join(', ');
export const MERGE_PATCH_TYPE = 'application/merge-patch+json';

export interface ParsedRequest {
  method: ApiMethod;
  /** The decoded path after `/v1/`, e.g. `secret/data/app` or `sys/mounts` (a list may end in `/`). */
  path: string;
  query: URLSearchParams;
  token: string | undefined;
  /** Seconds from `X-Vault-Wrap-TTL`: wrap the reply (0 or absent: no wrapping). */
  wrapTtl: number;
}

export function parseRequest(req: http.IncomingMessage): ParsedRequest {
  let method = (req.method ?? '').toUpperCase();
  let url = req.url ?? '';
  // LIST and HELP arrive as GET with a marker in front of the path (see vault-methods.ts).
  for (const [marker, vaultMethod] of Object.entries(METHOD_MARKERS)) {
    if (method === 'GET' && url.startsWith(marker)) {
      method = vaultMethod;
      url = url.slice(marker.length - 1);
    }
  }
  if (!(API_METHODS as readonly string[]).includes(method)) {
    throw new ApiFailure(405, `The method ${method || '(none)'} is not supported: use one of ${ALLOW_HEADER}.`, { Allow: ALLOW_HEADER });
  }
  const queryAt = url.indexOf('?');
  const rawPath = queryAt === -1 ? url : url.slice(0, queryAt);
  const rawQuery = queryAt === -1 ? '' : url.slice(queryAt + 1);
  if (!rawPath.startsWith('/v1/') || rawPath === '/v1/') {
    throw new ApiFailure(404, "Strongroom's Vault API lives under /v1/: e.g. /v1/sys/health, or /v1/<mount>/<path> for a secret.");
  }
  if (rawPath.includes('//')) throw emptySegmentRedirect(rawPath, queryAt === -1 ? '' : url.slice(queryAt));
  const path = decodePath(rawPath.slice('/v1/'.length));
  const query = parseQuery(rawQuery);
  return { method: method as ApiMethod, path, query, token: requestToken(req, query), wrapTtl: wrapTtlOf(req) };
}

/**
 * Go's ServeMux answers a path with an empty segment (`secret/data//a`) with a 307 to the path
 * without it, query and trailing slash kept, before Vault sees it; clients follow it. Sent on,
 * such a path would reach a plugin as an ordinary key (KV v2 answers it with a 500).
 */
function emptySegmentRedirect(rawPath: string, query: string): ApiFailure {
  const cleaned = rawPath.replace(/\/{2,}/g, '/');
  return new ApiFailure(307, `The path has an empty segment: send it as ${cleaned}.`, { Location: `${cleaned}${query}` });
}

function decodePath(raw: string): string {
  if (hasRelativeSegment(raw)) throw relativePath();
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw new ApiFailure(400, 'The path is not valid percent-encoded UTF-8: encode each byte of a UTF-8 path as %XX.');
  }
  if (hasRelativeSegment(decoded)) throw relativePath();
  if (decoded.includes('\0')) throw new ApiFailure(400, 'The path contains a NUL character: remove it.');
  return decoded;
}

function hasRelativeSegment(path: string): boolean {
  return path.split('/').some((segment) => segment === '.' || segment === '..');
}

function relativePath(): ApiFailure {
  // Vault's logical.ErrRelativePath, with what to do.
  return new ApiFailure(400, 'relative paths not supported: send the full path without "." or ".." segments (encoded or not).');
}

function parseQuery(raw: string): URLSearchParams {
  try {
    decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw new ApiFailure(400, 'The query string is not valid percent-encoded UTF-8: encode each byte as %XX.');
  }
  return new URLSearchParams(raw);
}

/**
 * Vault's `requestWrapInfo`: `X-Vault-Wrap-TTL` in its duration grammar (seconds, or `5m`, `1h`…),
 * not negative; 400 "error parsing X-Vault-Wrap-TTL header" otherwise. No upper bound: OpenBao sets
 * none either without a policy's `max_wrapping_ttl` (the ACL's).
 */
function wrapTtlOf(req: http.IncomingMessage): number {
  const header = req.headers['x-vault-wrap-ttl'];
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === '') return 0;
  const parsed = durationSeconds(value);
  // Go's own words first (what clients show), then how to fix it.
  if (!parsed.ok) throw new ApiFailure(400, `error parsing X-Vault-Wrap-TTL header: time: invalid duration ${JSON.stringify(value)}: ${DURATION_HINT}.`);
  if (parsed.seconds < 0) throw new ApiFailure(400, 'error parsing X-Vault-Wrap-TTL header: requested wrap ttl cannot be negative: give a positive duration such as 5m.');
  return parsed.seconds;
}

function requestToken(req: http.IncomingMessage, query: URLSearchParams): string | undefined {
  const header = req.headers['x-vault-token'];
  if (typeof header === 'string' && header !== '') return header;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (bearer !== null) return bearer[1];
  if (query.has('token') || query.has('X-Vault-Token')) {
    throw new ApiFailure(400, 'A token in the URL is refused (URLs end up in logs and histories): send it in the X-Vault-Token header, or as Authorization: Bearer <token>.');
  }
  return undefined;
}

/** Go's strconv.ParseBool; undefined for an absent parameter, 400 for a value it does not take. */
export function queryBool(query: URLSearchParams, name: string): boolean | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False', ''].includes(value)) return false;
  throw new ApiFailure(400, `The query parameter ${name}="${value}" is not a boolean: use ${name}=true or ${name}=false.`);
}

/** The query's parameters as request data (`list` and `help` are the HTTP layer's): one value → a string, several → a list. */
export function queryData(query: URLSearchParams): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const key of new Set(query.keys())) {
    if (key === 'list' || key === 'help') continue;
    const values = query.getAll(key);
    data[key] = values.length === 1 ? values[0] : values;
  }
  return data;
}

/** PATCH takes only JSON merge patch (RFC 7386), as Vault's does (415 otherwise). */
export function requireMergePatch(req: http.IncomingMessage): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== MERGE_PATCH_TYPE) {
    throw new ApiFailure(415, `PATCH requires Content-Type of ${MERGE_PATCH_TYPE}, provided ${type || '(none)'}: send the body as a JSON merge patch with that type.`);
  }
}
