import type { ContractHandlers } from '../../common/contract';
import type { CoreRuntime } from '../core-runtime';

export function tokenHandlers(core: () => CoreRuntime): Pick<ContractHandlers, 'tokens.rotateRoot'> {
  return {
    // Audited as Vault's way to a new root token; the new token is HMAC'd in the log like any value.
    'tokens.rotateRoot': async () =>
      core().adminChanges.around('update', 'generate-root', null, () => {
        const issued = core().tokens.rotateRoot();
        return { rootToken: issued.id, accessor: issued.record.accessor, revoked: issued.revoked };
      }),
  };
}
