/**
 * The access decision for a response-wrapping token as a request's caller: what Vault's built-in
 * `response-wrapping` policy lets it do here, `update` on `sys/wrapping/unwrap` (its
 * `cubbyhole/response` rule has no counterpart: the reply is kept by the core, not in a
 * cubbyhole). Every other caller is decided by its own policies. `sys/wrapping/lookup` is
 * unauthenticated and never asks.
 */
import type { AccessCheck } from '../policies/access-check';
import type { CallerToken } from '../tokens/token-entry';
import { RESPONSE_WRAPPING_POLICY } from '../tokens/token-grant';

const isWrappingToken = (caller: CallerToken) => caller.policies.length === 1 && caller.policies[0] === RESPONSE_WRAPPING_POLICY;

export function withWrappingTokens(check: AccessCheck): AccessCheck {
  return (caller, operation, path, data, wrapTtl) => {
    if (!isWrappingToken(caller)) return check(caller, operation, path, data, wrapTtl);
    return { allowed: path === 'sys/wrapping/unwrap' && (operation === 'update' || operation === 'create'), sudo: false };
  };
}
