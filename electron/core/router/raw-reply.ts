/**
 * Replies that carry their own HTTP status (`http_status_code`), content type and body, read the
 * way Vault's HTTP layer reads them (`respondRaw` in vault/http/logical.go): a reply is raw when
 * its data holds `http_status_code`; secrets and auth are refused; the status may be any JSON
 * number; the content type must be a string and may be left out only for 204; the body, which
 * arrives from a plugin as base64 (Go's []byte in JSON), is base64-decoded when it decodes and
 * taken as it is otherwise; 204 drops the body. Where Vault answers 500 we throw `bad_raw_reply`.
 *
 * A JSON body that is a whole Vault response (`logical.RespondWithStatusCode`, e.g. PKI's tidy
 * answering 202 with a warning, transit's batch answering 400) is what Vault's API client reads as
 * an ordinary reply: we return its data and warnings with its status instead of the raw text.
 */
import type { RawBody, RawReply } from '../../common/contract/requests';
import type { VaultResponse } from '../../../plugin-host';
import { CoreError } from '../core-errors';

export const HTTP_STATUS_CODE = 'http_status_code';
export const HTTP_CONTENT_TYPE = 'http_content_type';
export const HTTP_RAW_BODY = 'http_raw_body';

export interface InterpretedReply {
  status: number;
  data: Record<string, unknown> | null;
  raw: RawReply | null;
  warnings: string[];
}

/** The reply as the contract returns it; throws `bad_raw_reply` where Vault would answer 500. */
export function interpretReply(response: VaultResponse | null, fullPath: string): InterpretedReply {
  if (response === null) return { status: 204, data: null, raw: null, warnings: [] };
  const data = response.data;
  const ordinary = { status: 200, data, raw: null, warnings: response.warnings };
  // Vault redirects before it looks for a raw reply.
  if (data === null || response.redirect !== '' || !Object.prototype.hasOwnProperty.call(data, HTTP_STATUS_CODE)) return ordinary;

  const bad = (reason: string, fix: string): CoreError =>
    new CoreError(
      'bad_raw_reply',
      `The plugin's reply to "${fullPath}" is a raw reply Vault cannot send: ${reason} (Vault answers 500). ${fix} This is a fault in the plugin; report it to its author.`,
      { httpStatus: 500, path: fullPath, reason },
    );
  if (response.secret !== undefined || response.auth !== undefined) {
    throw bad('raw responses cannot contain secrets or auth', 'A reply with http_status_code must carry neither a secret (lease) nor auth.');
  }
  const status = data[HTTP_STATUS_CODE];
  // Vault takes int, float64 (truncated) and json.Number; net/http refuses codes outside 100–999.
  if (typeof status !== 'number' || !Number.isFinite(status) || Math.trunc(status) < 100 || Math.trunc(status) > 999) {
    throw bad('cannot decode status code', 'http_status_code must be a number from 100 to 999.');
  }
  const code = Math.trunc(status);
  const hasBody = code !== 204;
  let contentType: string | null = null;
  if (Object.prototype.hasOwnProperty.call(data, HTTP_CONTENT_TYPE)) {
    const value = data[HTTP_CONTENT_TYPE];
    if (typeof value !== 'string') throw bad('cannot decode content type', 'http_content_type must be a string.');
    contentType = value === '' ? null : value;
  } else if (hasBody) {
    throw bad('no content type given', 'A raw reply other than 204 must set http_content_type.');
  }
  let bytes: Uint8Array = new Uint8Array(0);
  if (hasBody && Object.prototype.hasOwnProperty.call(data, HTTP_RAW_BODY)) {
    const value = data[HTTP_RAW_BODY];
    if (typeof value !== 'string') throw bad('cannot decode body', 'http_raw_body must be bytes or a string.');
    bytes = decodeBody(value);
  }

  const envelope = contentType === 'application/json' ? vaultResponseIn(bytes) : null;
  if (envelope !== null) {
    return { status: code, data: envelope.data, raw: null, warnings: [...response.warnings, ...envelope.warnings] };
  }
  return { status: code, data: null, raw: { status: code, contentType, size: bytes.length, body: rawBody(bytes, contentType) }, warnings: response.warnings };
}

/** Go's base64.StdEncoding: padded, the standard alphabet, CR and LF ignored. */
const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Vault's best effort: base64 when the string decodes as base64, else the string's own bytes. */
function decodeBody(value: string): Uint8Array {
  const compact = value.replace(/[\r\n]/g, '');
  if (STD_BASE64.test(compact)) return new Uint8Array(Buffer.from(compact, 'base64'));
  return new Uint8Array(Buffer.from(value, 'utf8'));
}

const TEXT_TYPES = new Set(['application/json', 'application/x-pem-file', 'application/pem-certificate-chain', 'application/xml', 'application/javascript']);

/** Text for textual types (PEM, JSON, `text/*`, `+json`, `+xml`) whose bytes are UTF-8; base64 otherwise. */
function rawBody(bytes: Uint8Array, contentType: string | null): RawBody | null {
  if (bytes.length === 0) return null;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const textual = type.startsWith('text/') || TEXT_TYPES.has(type) || type.endsWith('+json') || type.endsWith('+xml');
  if (textual) {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
    } catch {
      // Not UTF-8 after all: offered as bytes.
    }
  }
  return { base64: Buffer.from(bytes).toString('base64') };
}

/** The keys `logical.HTTPResponse` always marshals (none is omitempty). */
const VAULT_RESPONSE_KEYS = ['request_id', 'lease_id', 'renewable', 'lease_duration', 'data', 'wrap_info', 'warnings', 'auth'];

/** A JSON body that is a whole Vault response, as `logical.RespondWithStatusCode` writes one. */
function vaultResponseIn(bytes: Uint8Array): { data: Record<string, unknown> | null; warnings: string[] } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return null;
  }
  if (!isObject(parsed) || !VAULT_RESPONSE_KEYS.every((key) => Object.prototype.hasOwnProperty.call(parsed, key))) return null;
  const warnings = Array.isArray(parsed['warnings']) ? parsed['warnings'].filter((w): w is string => typeof w === 'string') : [];
  return { data: isObject(parsed['data']) ? parsed['data'] : null, warnings };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
