import type { ContractHandlers } from '../../common/contract';
import type { CoreRuntime } from '../core-runtime';

export function leaseHandlers(
  core: () => CoreRuntime,
): Pick<ContractHandlers, 'leases.list' | 'leases.lookup' | 'leases.renew' | 'leases.revoke' | 'leases.revokePrefix'> {
  return {
    'leases.list': async (args) => core().leases.list(args),
    'leases.lookup': async ({ leaseId }) => core().leases.lookup(leaseId),
    'leases.renew': async ({ leaseId, increment }) => core().leases.renew(leaseId, increment),
    'leases.revoke': async ({ leaseId }) => {
      await core().leases.revoke(leaseId);
      return { revoked: leaseId };
    },
    'leases.revokePrefix': async ({ prefix }) => ({ revoked: await core().leases.revokePrefix(prefix) }),
  };
}
