/**
 * How the HTTP layer hands `sys/wrapping/*` their token, as Vault's request handling does before
 * its token check: `lookup` is unauthenticated and must not spend the wrapping token it is sent
 * with, so the header's token is looked up as the body's; `unwrap` and `rewrap` with no token in
 * the body take the header's as the wrapping token, and one that is no live token is OpenBao's
 * 400 "wrapping token is not valid or does not exist", not a 403.
 */
import type { ApiCaller } from '../core/vault-api-port';
import { ApiFailure } from './error-reply';
import type { SysHttpContext } from './sys-http-handlers';

const LOOKUP = 'sys/wrapping/lookup';
const PRESENTED = new Set(['sys/wrapping/unwrap', 'sys/wrapping/rewrap']);

/** Whether `path` decides its caller here (after the body is read) rather than up front. */
export function isWrappingTokenPath(path: string): boolean {
  return path === LOOKUP || PRESENTED.has(path);
}

/** The request's data and caller for a wrapping path (`isWrappingTokenPath`). */
export function wrappingRequest(context: SysHttpContext, data: Record<string, unknown>): { data: Record<string, unknown>; caller: ApiCaller | undefined } {
  const { api, request } = context;
  const bodyToken = typeof data['token'] === 'string' && data['token'] !== '';
  if (request.path === LOOKUP) {
    return { data: bodyToken || request.token === undefined ? data : { ...data, token: request.token }, caller: undefined };
  }
  if (bodyToken || request.token === undefined) return { data, caller: context.caller() };
  const caller = api.authenticate(request.token);
  if (caller === undefined) {
    throw new ApiFailure(400, 'wrapping token is not valid or does not exist: it was already unwrapped, has expired, or is not a wrapping token; ask for a new one.');
  }
  return { data, caller };
}
