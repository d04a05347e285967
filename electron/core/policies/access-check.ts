/**
 * The one question the router asks about a request with a token: may `caller` run `operation` on
 * `path` (the full request path; a list's ends in `/`) with `data`? Answered from the caller's
 * policies (`PolicyStore.acl`); `sudo` says whether the matched rule grants it, for root-protected
 * paths and the token store's sudo-only options. Other kinds of caller (a wrapping token, a
 * login's token) plug in here, behind the same signature.
 */
import { CoreError } from '../core-errors';
import type { CallerToken } from '../tokens/token-entry';
import type { AclDecision, AclOperation } from './acl';
import type { PolicyStore } from './policy-store';

/** `wrapTtl`: the wrap TTL the request asked for (seconds), which a rule's min/max_wrapping_ttl bound. */
export type AccessCheck = (caller: CallerToken, operation: AclOperation, path: string, data: Readonly<Record<string, unknown>>, wrapTtl?: number) => AclDecision;

export function policyAccessCheck(policies: PolicyStore): AccessCheck {
  return (caller, operation, path, data, wrapTtl) => policies.acl(caller.policies).allows(operation, path, data, wrapTtl);
}

/**
 * OpenBao's refusal, word for word (its multierror's text): it says nothing about whether the
 * path, the mount or the policy exists, so a denied caller learns nothing.
 */
export const PERMISSION_DENIED_TEXT = '1 error occurred:\n\t* permission denied\n\n';

export function permissionDenied(path: string): CoreError {
  return new CoreError('permission_denied', PERMISSION_DENIED_TEXT, { httpStatus: 403, path });
}
