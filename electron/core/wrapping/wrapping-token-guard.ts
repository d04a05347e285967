/**
 * What a response-wrapping token may do as a request's caller, until the ACL exists: what Vault's
 * built-in `response-wrapping` policy grants, `update` on `sys/wrapping/unwrap` (its
 * `cubbyhole/response` rule has no counterpart here: the reply is stored by the core). Anything
 * else is Vault's 403 "permission denied". `sys/wrapping/lookup` is unauthenticated and never
 * sees the token as its caller. The ACL replaces this file with the policy itself.
 */
import { CoreError } from '../core-errors';
import type { CallerToken } from '../tokens/token-entry';
import { RESPONSE_WRAPPING_POLICY } from '../tokens/token-grant';

const ALLOWED: ReadonlyArray<{ path: string; operations: readonly string[] }> = [{ path: 'sys/wrapping/unwrap', operations: ['write', 'create', 'update'] }];

/** Throws 403 when a wrapping token asks for anything its policy does not grant. */
export function checkWrappingCaller(caller: CallerToken | undefined, path: string, operation: string): void {
  if (caller === undefined || caller.policies.length !== 1 || caller.policies[0] !== RESPONSE_WRAPPING_POLICY) return;
  if (ALLOWED.some((rule) => rule.path === path && rule.operations.includes(operation))) return;
  throw new CoreError('permission_denied', 'permission denied: a response-wrapping token can only be unwrapped (sys/wrapping/unwrap); use a token of your own for anything else.', { httpStatus: 403, path });
}
