/**
 * The router's access decision for a request with a token, taken after the existence check (so a
 * write is known to be a create or an update, as Vault decides it) and before the backend runs:
 * a path the backend serves without a token is not checked; otherwise the caller's ACL must allow
 * the operation on the full path (a list's with its trailing `/`, as Vault's HTTP layer sends it),
 * and a root-protected path also needs `sudo`. A refusal is OpenBao's 403 and says nothing more.
 */
import type { VaultOperation, VaultSpecialPaths } from '../../../plugin-host';
import type { AccessCheck } from '../policies/access-check';
import { permissionDenied } from '../policies/access-check';
import type { AclOperation } from '../policies/acl';
import type { CallerToken } from '../tokens/token-entry';
import { matchesSpecialPath } from './special-paths';

/** What a Vault operation needs of the ACL (renew, revoke and rollback need update, as in Vault). */
export function aclOperation(operation: VaultOperation): AclOperation {
  switch (operation) {
    case 'create':
    case 'read':
    case 'update':
    case 'patch':
    case 'delete':
    case 'list':
    case 'help':
      return operation;
    default:
      return 'update';
  }
}

/** The path the ACL is asked about: the full request path, a list's ending in `/`. */
export function aclPath(fullPath: string, operation: AclOperation): string {
  return operation === 'list' && !fullPath.endsWith('/') ? `${fullPath}/` : fullPath;
}

export interface AccessQuestion {
  caller: CallerToken | undefined;
  operation: VaultOperation;
  fullPath: string;
  /** The planned path relative to the mount, which special paths are written against. */
  relativePath: string;
  data: Readonly<Record<string, unknown>>;
  specialPaths: VaultSpecialPaths | undefined;
  /** The wrap TTL asked for, in seconds (a policy's min/max_wrapping_ttl bound it). */
  wrapTtl?: number;
}

/** Throws `permission_denied` (403) when refused; answers whether the caller may use sudo here. */
export function authoriseRequest(check: AccessCheck, question: AccessQuestion): boolean {
  const { caller, fullPath, relativePath, specialPaths } = question;
  if (caller === undefined) return true; // the owner, through the UI
  if (specialPaths?.unauthenticated.some((pattern) => matchesSpecialPath(pattern, relativePath)) === true) return false;
  const operation = aclOperation(question.operation);
  const decision = check(caller, operation, aclPath(fullPath, operation), question.data, question.wrapTtl);
  if (!decision.allowed) throw permissionDenied(fullPath);
  const rootPath = specialPaths?.root.some((pattern) => matchesSpecialPath(pattern, relativePath)) === true;
  if (rootPath && !decision.sudo && operation !== 'help') throw permissionDenied(fullPath);
  return decision.sudo;
}
