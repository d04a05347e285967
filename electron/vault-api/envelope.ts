/**
 * Vault's answers on the wire: the response envelope (`logical.HTTPResponse`: every key present,
 * none omitted), raw replies sent as their own body, 204 for no reply, and `{"errors": [...]}`.
 * Every answer is `Content-Type: application/json` exactly (hvac drops the error body of anything
 * else) and `Cache-Control: no-store`, except a raw reply, which carries the plugin's own type.
 */
import type http from 'node:http';
import type { HelpResult, RequestResult } from '../common/contract/requests';

export const JSON_TYPE = 'application/json';

/**
 * Paths where Vault also copies `data` to the top level, for clients older than the envelope
 * (`injectDataIntoTopRoutes` in Vault's http/handler.go): an entry ending in `/` covers its subtree.
 */
const DATA_AT_TOP_LEVEL = [
  'sys/audit', 'sys/audit/', 'sys/audit-hash/', 'sys/auth', 'sys/auth/', 'sys/config/cors',
  'sys/config/auditing/request-headers', 'sys/config/auditing/request-headers/', 'sys/capabilities',
  'sys/capabilities-accessor', 'sys/capabilities-self', 'sys/key-status', 'sys/mounts', 'sys/mounts/',
  'sys/policy', 'sys/policy/', 'sys/rekey/backup', 'sys/rekey/recovery-key-backup', 'sys/remount',
  'sys/rotate', 'sys/wrapping/wrap',
];

export function copiesDataToTopLevel(path: string): boolean {
  return DATA_AT_TOP_LEVEL.some((route) => (route.endsWith('/') ? path.startsWith(route) : path === route));
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  res.writeHead(status, { ...headers, 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendNoContent(res: http.ServerResponse): void {
  res.writeHead(204, { 'Content-Type': JSON_TYPE });
  res.end();
}

export function sendErrors(res: http.ServerResponse, status: number, errors: string[], headers: Record<string, string> = {}): void {
  sendJson(res, status, { errors }, headers);
}

/** The envelope of a request's result (`apiPath` without `/v1/`, to decide the top-level copy). */
export function logicalEnvelope(result: RequestResult, apiPath: string): Record<string, unknown> {
  const envelope: Record<string, unknown> = {
    // A wrapped reply's envelope carries no request id (OpenBao's is ""): the id is the wrapped reply's.
    request_id: result.wrapInfo === null ? result.requestId : '',
    lease_id: result.secret?.leaseId ?? '',
    renewable: result.secret?.renewable ?? false,
    lease_duration: result.secret?.ttlSeconds ?? 0,
    data: result.data,
    wrap_info: result.wrapInfo,
    warnings: result.warnings.length > 0 ? result.warnings : null,
    auth: result.auth,
    mount_type: result.mount.type,
  };
  if (result.data !== null && copiesDataToTopLevel(apiPath)) return { ...result.data, ...envelope };
  return envelope;
}

/** A request's result as Vault's HTTP layer sends it. */
export function sendResult(res: http.ServerResponse, result: RequestResult, apiPath: string): void {
  const raw = result.raw;
  if (raw !== null) {
    const body = raw.body === null ? Buffer.alloc(0) : 'text' in raw.body ? Buffer.from(raw.body.text, 'utf8') : Buffer.from(raw.body.base64, 'base64');
    const headers: Record<string, string | number> = { 'Content-Length': body.length };
    if (raw.contentType !== null) headers['Content-Type'] = raw.contentType;
    res.writeHead(raw.status, headers);
    res.end(raw.status === 204 ? undefined : body);
    return;
  }
  if (result.status === 204) {
    sendNoContent(res);
    return;
  }
  sendJson(res, result.status, logicalEnvelope(result, apiPath));
}

/** A help answer: the backend's help text, its OpenAPI document and related paths, as Vault sends them. */
export function sendHelp(res: http.ServerResponse, help: HelpResult): void {
  sendJson(res, 200, { help: help.help, openapi: help.openapi, see_also: help.seeAlso.length > 0 ? help.seeAlso : null });
}
