/**
 * What every answer of a Vault HTTP API must look like (Vault's `http/` package, checked against
 * OpenBao 2.7): `Cache-Control: no-store`; a JSON body with `Content-Type: application/json`
 * exactly (hvac drops error bodies otherwise); an error status carries `{"errors": [strings]}`
 * (sys/health's standby and seal codes carry the health fields instead, and a soft-deleted KV v2
 * version answers 404 with `data`); a success is Vault's logical envelope (`request_id`,
 * `lease_id`, `renewable`, `lease_duration`, `data`, `wrap_info`, `warnings`, `auth`) except on
 * the unauthenticated sys paths that answer bare JSON and help (`{help, openapi}`); 204 and HEAD
 * have no body; a 404 is `{"errors": […]}`, (OpenBao, for an empty read) a whole envelope, or
 * (a PATCH of a missing KV v2 key) no body at all.
 * `envelopeProblem` returns why an answer is not valid, or undefined.
 */
import type { WireReply } from './vault-api-wire';

/** sys paths whose success (and health's status codes) is a bare JSON object, not the logical envelope. */
const BARE_SYS_PATHS = new Set(['sys/health', 'sys/seal-status', 'sys/leader', 'sys/init', 'sys/unseal', 'sys/seal-backend-status', 'sys/metrics']);
/** sys/health answers these with the health fields (standby, sealed, uninitialised…). */
const HEALTH_STATUSES = new Set([200, 429, 472, 473, 501, 503]);

export interface EnvelopeOptions {
  /**
   * OpenBao's Go mux answers a path holding `..` or `//` (or `/v1/sys` without its slash) with a
   * 307 redirect to the cleaned path (an HTML body): allowed for OpenBao only (Strongroom refuses `..` with a JSON error and redirects only `//`, below).
   */
  allowPathCleaningRedirect?: boolean;
  /**
   * Strongroom answers a path with an empty segment (`a//b`) as Go's mux does: 307 to the same
   * path with the slashes collapsed, query kept. Allowed only for exactly that Location.
   */
  allowEmptySegmentRedirect?: boolean;
  /**
   * OpenBao answers a path whose decoded bytes hold a control character or are not UTF-8 with a
   * bare 400 (no body, no headers): allowed for OpenBao only, Strongroom sends a JSON error.
   */
  allowBareBadRequestForUnprintablePath?: boolean;
}

/**
 * Whether the percent-decoded path is not printable as Go's `unicode.IsPrint` sees it: bytes that
 * are not UTF-8, or a rune outside letters, marks, numbers, punctuation, symbols and the space
 * (control characters, unassigned and private-use code points…).
 */
export function hasUnprintablePath(target: string): boolean {
  const raw = target.split('?')[0] ?? '';
  const bytes = Buffer.from(raw.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) return true;
  return /[^\p{L}\p{M}\p{N}\p{P}\p{S} ]/u.test(text);
}

/** The target with every run of slashes in its path made one (the query left alone). */
export function collapsedSlashes(target: string): string {
  const queryAt = target.indexOf('?');
  const pathOnly = queryAt === -1 ? target : target.slice(0, queryAt);
  return pathOnly.replace(/\/{2,}/g, '/') + (queryAt === -1 ? '' : target.slice(queryAt));
}

/** `/v1/a/b?x=1` → `a/b` (percent-decoding left alone; a target outside `/v1/` gives ''). */
export function apiPathOf(target: string): string {
  const pathOnly = target.split('?')[0] ?? '';
  return pathOnly.startsWith('/v1/') ? pathOnly.slice(4).replace(/\/+$/, '') : '';
}

const isStringArray = (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === 'string');
const isObjectOrNull = (value: unknown) => value === null || (typeof value === 'object' && !Array.isArray(value));

function logicalEnvelopeProblem(body: Record<string, unknown>): string | undefined {
  if (typeof body['request_id'] !== 'string') return 'request_id is not a string';
  if (typeof body['lease_id'] !== 'string') return 'lease_id is not a string';
  if (typeof body['renewable'] !== 'boolean') return 'renewable is not a boolean';
  if (typeof body['lease_duration'] !== 'number') return 'lease_duration is not a number';
  if (!('data' in body) || !isObjectOrNull(body['data'])) return 'data is missing or not an object/null';
  if (!isObjectOrNull(body['wrap_info'])) return 'wrap_info is not an object/null';
  if (body['warnings'] !== null && !isStringArray(body['warnings'])) return 'warnings is not a string array/null';
  if (!isObjectOrNull(body['auth'])) return 'auth is not an object/null';
  return undefined;
}

export function envelopeProblem(method: string, target: string, reply: WireReply, options: EnvelopeOptions = {}): string | undefined {
  const { status, headers, body } = reply;
  if (status < 200 || status > 599) return `status ${status}`;
  if (status >= 300 && status < 400) {
    const cleaning = options.allowPathCleaningRedirect === true && headers['location']?.startsWith('/') === true;
    const emptySegment = options.allowEmptySegmentRedirect === true && status === 307 && headers['location'] === collapsedSlashes(target);
    return cleaning || emptySegment ? undefined : `redirect ${status} to ${headers['location'] ?? '(none)'}`;
  }
  if (options.allowBareBadRequestForUnprintablePath === true && status === 400 && body.length === 0 && hasUnprintablePath(target)) return undefined;
  if (headers['cache-control'] !== 'no-store') return `Cache-Control is ${JSON.stringify(headers['cache-control'])}, not no-store`;
  if (method === 'HEAD' || status === 204) return body.length === 0 ? undefined : `${method === 'HEAD' ? 'HEAD' : '204'} with a body`;
  // KV v2 answers a PATCH of a missing key with a bare 404 (`RespondWithStatusCode(nil, req, 404)`):
  // Vault's HTTP layer then sends no body, and OpenBao answers exactly so.
  if (method === 'PATCH' && status === 404 && body.length === 0) return undefined;
  const contentType = headers['content-type'];
  if (contentType !== 'application/json') {
    // A plugin's raw reply (`http_raw_body`) may carry its own type, but only on success.
    if (status < 400 && contentType !== undefined && contentType !== '') return undefined;
    return `Content-Type is ${JSON.stringify(contentType)} for a ${status}`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return `body is not JSON: ${body.toString('utf8').slice(0, 120)}`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'body is not a JSON object';
  const json = parsed as Record<string, unknown>;
  const apiPath = apiPathOf(target);
  if (apiPath === 'sys/health' && HEALTH_STATUSES.has(status) && typeof json['sealed'] === 'boolean') return undefined;
  if (status >= 400) {
    // A read with no answer and an empty list are 404s; OpenBao sends them as a whole envelope.
    if (status === 404 && !('errors' in json) && logicalEnvelopeProblem(json) === undefined) return undefined;
    if (!isStringArray(json['errors'])) return `error ${status} without an errors array: ${body.toString('utf8').slice(0, 120)}`;
    // KV v2's soft-deleted version: 404 with the version's metadata in data.
    if ('data' in json && status !== 404) return `error ${status} carries data`;
    return undefined;
  }
  if (BARE_SYS_PATHS.has(apiPath) && !('request_id' in json)) return undefined;
  const helpAsked = method === 'HELP' || /[?&]help=(1|true)(&|$)/i.test(target);
  if (helpAsked && typeof json['help'] === 'string') return undefined;
  const problem = logicalEnvelopeProblem(json);
  return problem === undefined ? undefined : `${problem}: ${body.toString('utf8').slice(0, 160)}`;
}
