import type { ContractHandlers } from '../../common/contract';
import type { CoreRuntime } from '../core-runtime';
import type { AuditLog } from './audit-log';

export function auditHandlers(core: () => CoreRuntime, log: AuditLog): Pick<ContractHandlers, 'audit.list' | 'audit.hash'> {
  return {
    'audit.list': async (args) => {
      core(); // sealed → `sealed`, like every other domain
      return log.list(args);
    },
    'audit.hash': async ({ value }) => ({ hash: core().hasher.hash(value) }),
  };
}
