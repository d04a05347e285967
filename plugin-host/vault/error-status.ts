/**
 * The HTTP status and message Vault gives a plugin's failure: `logical.RespondErrorCommon` and
 * `AdjustErrorStatusCode` (vault/sdk `logical/response_util.go`), applied to what arrives over
 * gRPC, where `pb.ProtoErrToErr` has rebuilt the error from `err_type` (types 5–10 become the
 * sentinel itself, whatever `err_msg` says). In order:
 * 1. No error and no error response: success. (A read with no reply, or a list with no keys, is a
 *    404 in Vault's HTTP layer; the contract answers those with `response: null` instead.)
 * 2. The baseline: 400 when the plugin sent a response at all, else 500.
 * 3. The error decides, first match wins: a StatusBadRequest (type 4) is 400; else its text is
 *    compared with Vault's sentinels (`SENTINEL_STATUSES`), whatever its type.
 * 4. An error response (`resp.IsError()`) replaces the error by its text.
 * 5. The final error's text can still raise 503 (sealed, overloaded, API locked) or 413, and a
 *    coded error (type 3) sets its own status — unless step 4 replaced it.
 * Not reproduced: `errors.Is(err, ErrNotFound)` (404) — identity does not survive the wire, so
 * Vault never matches it for an external plugin either; replication-coded errors (enterprise).
 */
import type { ProtoError } from '../gen/pb/backend';
import type { HostErrorCode } from '../errors';
import type { VaultResponse } from './types';

/** Vault's sentinel texts in RespondErrorCommon's order (errwrap.Contains: exact text anywhere). */
const SENTINEL_STATUSES: ReadonlyArray<readonly [text: string, status: number]> = [
  ['overloaded, try again later', 503], // consts.ErrOverloaded
  ['permission denied', 403], // logical.ErrPermissionDenied
  ['wrapping token is not valid or does not exist', 400], // consts.ErrInvalidWrappingToken
  ['unsupported operation', 405], // logical.ErrUnsupportedOperation
  ['unsupported path', 404], // logical.ErrUnsupportedPath
  ['invalid request', 400], // logical.ErrInvalidRequest
  ['upstream rate limited', 502], // logical.ErrUpstreamRateLimited
  ['rate limit quota exceeded', 429], // logical.ErrRateLimitQuotaExceeded
  ['lease count quota exceeded', 429], // logical.ErrLeaseCountQuotaExceeded
  ['required index state not present', 412], // logical.ErrMissingRequiredState
  ['functionality on this path has been removed', 404], // logical.ErrPathFunctionalityRemoved
  ['relative paths not supported', 400], // logical.ErrRelativePath
  ['invalid credentials', 400], // logical.ErrInvalidCredentials
];

/** AdjustErrorStatusCode's texts, checked on the final error (the last match wins). */
const ADJUSTING_TEXTS: ReadonlyArray<readonly [text: string, status: number]> = [
  ['overloaded, try again later', 503],
  ['Vault is sealed', 503],
  ['API access to this namespace has been locked by an administrator', 503],
  ['http: request body too large', 413],
];

/** err_type → our code and, for 5–10, the sentinel `pb.ProtoErrToErr` turns it into. */
const ERROR_TYPES: Record<number, { code: HostErrorCode; sentinel?: string }> = {
  1: { code: 'user_error' },
  2: { code: 'internal_error' },
  3: { code: 'coded_error' },
  4: { code: 'bad_request' },
  5: { code: 'unsupported_operation', sentinel: 'unsupported operation' },
  6: { code: 'unsupported_path', sentinel: 'unsupported path' },
  7: { code: 'invalid_request', sentinel: 'invalid request' },
  8: { code: 'permission_denied', sentinel: 'permission denied' },
  9: { code: 'multi_authz_pending', sentinel: 'request needs further approval' },
  10: { code: 'unrecoverable', sentinel: 'unrecoverable error' },
};

/** Untyped errors whose text is a sentinel take that sentinel's code. */
const SENTINEL_CODES: Record<string, HostErrorCode> = {
  'unsupported operation': 'unsupported_operation',
  'unsupported path': 'unsupported_path',
  'invalid request': 'invalid_request',
  'permission denied': 'permission_denied',
  'request needs further approval': 'multi_authz_pending',
  'unrecoverable error': 'unrecoverable',
};

/**
 * Where the contract keeps a status Vault does not give, until issue 19 (Vault's HTTP API)
 * decides: Vault answers a UserError without a response, and MultiAuthzPending, with 500 (no
 * sentinel matches them), but the contract has always called a user error 400 and a pending
 * approval 403, and clients retry 5xx.
 */
const CONTRACT_STATUS_WITHOUT_RESPONSE: Record<number, number> = { 1: 400, 9: 403 };

/** `logical.Response.IsError()`: data holds a non-nil "error", alone or with a non-nil "data". */
export function isErrorResponse(response: VaultResponse | null): boolean {
  const data = response?.data;
  if (data == null || data['error'] == null) return false;
  const keys = Object.keys(data);
  return keys.length === 1 || (keys.length === 2 && data['data'] != null);
}

/** The text of an error response (`resp.Error()`), when its "error" is a string. */
export function errorResponseText(response: VaultResponse | null): string | undefined {
  if (!isErrorResponse(response)) return undefined;
  const text = response?.data?.['error'];
  return typeof text === 'string' ? text : undefined;
}

export interface PluginFailure {
  code: HostErrorCode;
  httpStatus: number;
  message: string;
}

/** The failure a reply stands for, as Vault's RespondErrorCommon sees it, or undefined for success. */
export function respondErrorCommon(err: ProtoError | undefined, response: VaultResponse | null): PluginFailure | undefined {
  const errorResponse = isErrorResponse(response);
  if (err === undefined && !errorResponse) return undefined;

  const typed = err === undefined ? undefined : ERROR_TYPES[err.err_type];
  // What the rebuilt Go error's Error() returns.
  const errText = err === undefined ? undefined : (typed?.sentinel ?? err.err_msg);

  let httpStatus = response !== null ? 400 : 500;
  if (err !== undefined) {
    const sentinel = SENTINEL_STATUSES.find(([text]) => text === errText);
    // The switch tests "overloaded" first, then the StatusBadRequest type, then the other texts.
    const overloaded = sentinel === SENTINEL_STATUSES[0];
    if (err.err_type === 4 && !overloaded) httpStatus = 400;
    else if (sentinel !== undefined) httpStatus = sentinel[1];
  }

  const responseText = errorResponse ? errorResponseText(response) : undefined;
  // resp.Error() is nil for a non-string "error" (it cannot be a Go error after JSON): err stays.
  const finalText = responseText ?? errText ?? '';
  for (const [text, status] of ADJUSTING_TEXTS) if (text === finalText) httpStatus = status;
  const codedStatus = err?.err_type === 3 ? Number(err.err_code) : 0;
  if (responseText === undefined && codedStatus >= 100 && codedStatus <= 599) httpStatus = codedStatus;
  if (err !== undefined && response === null && CONTRACT_STATUS_WITHOUT_RESPONSE[err.err_type] !== undefined) {
    httpStatus = CONTRACT_STATUS_WITHOUT_RESPONSE[err.err_type]!;
  }

  const code =
    typed?.code ??
    (errText !== undefined ? SENTINEL_CODES[errText] : undefined) ??
    (httpStatus < 500 ? 'user_error' : 'internal_error');
  return { code, httpStatus, message: finalText !== '' ? finalText : 'plugin error' };
}
