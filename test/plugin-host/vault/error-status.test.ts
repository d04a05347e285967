// Vault's RespondErrorCommon + AdjustErrorStatusCode (vault/sdk logical/response_util.go), case by
// case, as they apply to a reply that crossed gRPC (pb.ProtoErrToErr rebuilt the error).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProtoError } from '../../../plugin-host/gen/pb/backend';
import { errorResponseText, isErrorResponse, respondErrorCommon } from '../../../plugin-host/vault/error-status';
import type { VaultResponse } from '../../../plugin-host/vault/types';

const reply = (data: Record<string, unknown> | null): VaultResponse => ({
  data,
  secret: undefined,
  warnings: [],
  redirect: '',
  headers: {},
  wrapInfo: undefined,
  mountType: '',
  auth: undefined,
});
const proto = (err_type: number, err_msg: string, err_code = 0n): ProtoError => ({ err_type, err_msg, err_code });
const errorReply = (text: string) => reply({ error: text });

type Case = [name: string, err: ProtoError | undefined, response: VaultResponse | null, code: string, status: number, message: string];

const cases: Case[] = [
  // The baseline: 500 without a response, 400 with one.
  ['plain error, no response', proto(0, 'boom'), null, 'internal_error', 500, 'boom'],
  ['plain error with an ordinary response', proto(0, 'boom'), reply({ a: 1 }), 'user_error', 400, 'boom'],
  // transit DELETE keys/<k> without deletion_allowed (issue 18): 400 and the response's text.
  ['ErrorResponse + plain error (transit key deletion)', proto(0, 'deletion is not allowed for this policy'),
    errorReply('error deleting policy k: deletion is not allowed for this policy'), 'user_error', 400,
    'error deleting policy k: deletion is not allowed for this policy'],
  ['ErrorResponse alone', undefined, errorReply('plugin is not configured yet'), 'user_error', 400, 'plugin is not configured yet'],
  ['ErrorResponse with error and data', undefined, reply({ error: 'soft-deleted', data: { v: 1 } }), 'user_error', 400, 'soft-deleted'],
  // Typed errors.
  ['UserError with an ErrorResponse', proto(1, 'bad field'), errorReply('bad field: x'), 'user_error', 400, 'bad field: x'],
  ['InternalError, no response', proto(2, 'db down'), null, 'internal_error', 500, 'db down'],
  ['InternalError with a response', proto(2, 'db down'), reply({ a: 1 }), 'internal_error', 400, 'db down'],
  ['CodedError sets its status', proto(3, 'teapot', 418n), null, 'coded_error', 418, 'teapot'],
  ['CodedError with an ordinary response keeps its status', proto(3, 'teapot', 418n), reply({ a: 1 }), 'coded_error', 418, 'teapot'],
  ['CodedError replaced by an ErrorResponse loses its status', proto(3, 'teapot', 418n), errorReply('short and stout'), 'coded_error', 400, 'short and stout'],
  ['CodedError with code 0 keeps the baseline', proto(3, 'no code', 0n), null, 'coded_error', 500, 'no code'],
  ['StatusBadRequest, no response', proto(4, 'nope'), null, 'bad_request', 400, 'nope'],
  ['StatusBadRequest saying "overloaded" is 503 (tested first)', proto(4, 'overloaded, try again later'), null, 'bad_request', 503, 'overloaded, try again later'],
  ['UnsupportedOperation', proto(5, 'unsupported operation'), null, 'unsupported_operation', 405, 'unsupported operation'],
  ['UnsupportedPath', proto(6, 'unsupported path'), null, 'unsupported_path', 404, 'unsupported path'],
  ['InvalidRequest with an empty err_msg is the sentinel', proto(7, ''), null, 'invalid_request', 400, 'invalid request'],
  ['InvalidRequest + ErrorResponse (KV check-and-set)', proto(7, 'invalid request'), errorReply('check-and-set parameter did not match the current version'),
    'invalid_request', 400, 'check-and-set parameter did not match the current version'],
  ['PermissionDenied', proto(8, 'permission denied'), null, 'permission_denied', 403, 'permission denied'],
  ['PermissionDenied with an ErrorResponse stays 403', proto(8, 'permission denied'), errorReply('no access to x'), 'permission_denied', 403, 'no access to x'],
  ['Unrecoverable, no response', proto(10, 'unrecoverable error'), null, 'unrecoverable', 500, 'unrecoverable error'],
  ['Unrecoverable with a response', proto(10, 'unrecoverable error'), reply({ a: 1 }), 'unrecoverable', 400, 'unrecoverable error'],
  // Untyped errors are matched by their text against Vault's sentinels.
  ['text "permission denied"', proto(0, 'permission denied'), null, 'permission_denied', 403, 'permission denied'],
  ['text "unsupported path"', proto(0, 'unsupported path'), null, 'unsupported_path', 404, 'unsupported path'],
  ['text "wrapping token is not valid or does not exist"', proto(0, 'wrapping token is not valid or does not exist'), null, 'user_error', 400, 'wrapping token is not valid or does not exist'],
  ['text "upstream rate limited"', proto(0, 'upstream rate limited'), null, 'internal_error', 502, 'upstream rate limited'],
  ['text "rate limit quota exceeded"', proto(0, 'rate limit quota exceeded'), null, 'user_error', 429, 'rate limit quota exceeded'],
  ['text "lease count quota exceeded"', proto(0, 'lease count quota exceeded'), null, 'user_error', 429, 'lease count quota exceeded'],
  ['text "required index state not present"', proto(0, 'required index state not present'), null, 'user_error', 412, 'required index state not present'],
  ['text "functionality on this path has been removed"', proto(0, 'functionality on this path has been removed'), null, 'user_error', 404, 'functionality on this path has been removed'],
  ['text "relative paths not supported"', proto(0, 'relative paths not supported'), null, 'user_error', 400, 'relative paths not supported'],
  ['text "invalid credentials"', proto(0, 'invalid credentials'), null, 'user_error', 400, 'invalid credentials'],
  ['a UserError whose text is a sentinel takes its status', proto(1, 'permission denied'), reply({ a: 1 }), 'user_error', 403, 'permission denied'],
  ['a sentinel only matches the whole text', proto(0, 'permission denied for x'), null, 'internal_error', 500, 'permission denied for x'],
  // AdjustErrorStatusCode on the final text.
  ['text "Vault is sealed" is 503', proto(0, 'Vault is sealed'), null, 'internal_error', 503, 'Vault is sealed'],
  ['an ErrorResponse saying "Vault is sealed" is 503', undefined, errorReply('Vault is sealed'), 'internal_error', 503, 'Vault is sealed'],
  ['text "http: request body too large" is 413', proto(0, 'http: request body too large'), null, 'user_error', 413, 'http: request body too large'],
  ['an ErrorResponse saying "overloaded" is 503', proto(0, 'x'), errorReply('overloaded, try again later'), 'internal_error', 503, 'overloaded, try again later'],
  // Kept as the contract had them until issue 19 (Vault: 500 for both, no sentinel matches).
  ['UserError without a response: 400 (Vault 500)', proto(1, 'bad field'), null, 'user_error', 400, 'bad field'],
  ['MultiAuthzPending without a response: 403 (Vault 500)', proto(9, ''), null, 'multi_authz_pending', 403, 'request needs further approval'],
  ['MultiAuthzPending with a response: 400, as Vault', proto(9, ''), reply({ a: 1 }), 'multi_authz_pending', 400, 'request needs further approval'],
];

describe("plugin failures get Vault's status (RespondErrorCommon)", () => {
  for (const [name, err, response, code, status, message] of cases) {
    it(`${name} → ${status} ${code}`, () => {
      assert.deepEqual(respondErrorCommon(err, response), { code, httpStatus: status, message });
    });
  }

  it('no error and no error response is a success, whatever the data', () => {
    assert.equal(respondErrorCommon(undefined, null), undefined);
    assert.equal(respondErrorCommon(undefined, reply({ error: 'x', other: 1 })), undefined);
    assert.equal(respondErrorCommon(undefined, reply({ error: null })), undefined);
    assert.equal(respondErrorCommon(undefined, reply({ keys: [] })), undefined, 'an empty list is the HTTP layer\'s 404, not an error');
  });

  it('IsError: "error" alone, or with a non-nil "data"', () => {
    assert.equal(isErrorResponse(reply({ error: 'x' })), true);
    assert.equal(isErrorResponse(reply({ error: 'x', data: { a: 1 } })), true);
    assert.equal(isErrorResponse(reply({ error: 'x', data: null })), false);
    assert.equal(isErrorResponse(reply({ error: 'x', other: 1 })), false);
    assert.equal(isErrorResponse(reply({ error: {} })), true);
    assert.equal(errorResponseText(reply({ error: {} })), undefined, 'resp.Error() is nil for a non-string error');
    assert.deepEqual(respondErrorCommon(proto(0, 'inner'), reply({ error: {} })), { code: 'user_error', httpStatus: 400, message: 'inner' });
  });
});
