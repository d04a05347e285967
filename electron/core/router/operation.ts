/**
 * From what the UI asks (`write`, `read`…) to the Vault operation the plugin gets, the way Vault's
 * HTTP layer does it: LIST paths end in `/`, a read of a path ending in `/` is a list, and a
 * `write` becomes `create` or `update` by the plugin's existence check (no check → update).
 */
import type { ExistenceCheckResult, VaultOperation } from '../../../plugin-host';
import type { RequestOperation } from '../../common/contract/requests';

export interface PlannedOperation {
  operation: VaultOperation;
  path: string;
  /** The existence check must decide between create and update. */
  needsExistenceCheck: boolean;
}

export function planOperation(requested: RequestOperation, fullPath: string, relativePath: string): PlannedOperation {
  const asFolder = relativePath === '' || relativePath.endsWith('/') ? relativePath : `${relativePath}/`;
  switch (requested) {
    case 'list':
      return { operation: 'list', path: asFolder, needsExistenceCheck: false };
    case 'read':
      return fullPath.endsWith('/')
        ? { operation: 'list', path: asFolder, needsExistenceCheck: false }
        : { operation: 'read', path: relativePath, needsExistenceCheck: false };
    case 'write':
      return { operation: 'update', path: relativePath, needsExistenceCheck: true };
    default:
      return { operation: requested, path: relativePath, needsExistenceCheck: false };
  }
}

export function createOrUpdate(check: ExistenceCheckResult): VaultOperation {
  return check.checkFound && !check.exists ? 'create' : 'update';
}
