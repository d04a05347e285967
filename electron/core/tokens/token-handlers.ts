import type { ContractHandlers } from '../../common/contract';
import type { CoreRuntime } from '../core-runtime';
import { listTokens } from './token-list';

export function tokenHandlers(core: () => CoreRuntime): Pick<ContractHandlers, 'tokens.rotateRoot' | 'tokens.list' | 'tokens.revoke'> {
  return {
    // Audited as Vault's way to a new root token; the new token is HMAC'd in the log like any value.
    'tokens.rotateRoot': async () =>
      core().adminChanges.around('update', 'generate-root', null, () => {
        const issued = core().tokens.rotateRoot();
        return { rootToken: issued.id, accessor: issued.record.accessor, revoked: issued.revoked };
      }),
    'tokens.list': async () => ({ tokens: listTokens(core().tokens) }),
    // Answers once the revoked tokens' leases are revoked too, as a revocation request does.
    'tokens.revoke': async ({ accessor, mode }) =>
      core().adminChanges.aroundTokenPath(mode === 'tree' ? 'revoke-accessor' : 'revoke-orphan', { accessor }, async () => {
        const tokens = core().tokens;
        const revoked = mode === 'tree' ? tokens.revokeAccessor(accessor) : tokens.revokeOrphan(accessor) ? 1 : 0;
        await tokens.revocations.settled();
        return { revoked };
      }),
  };
}
