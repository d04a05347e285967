import type { ContractHandlers } from '../../common/contract';
import type { CoreLifecycle } from '../core-lifecycle';

type SealMethods = 'seal.status' | 'seal.init' | 'seal.unseal' | 'seal.seal' | 'seal.rotate' | 'seal.changePassphrase';

export function sealHandlers(seal: CoreLifecycle): Pick<ContractHandlers, SealMethods> {
  return {
    'seal.status': async () => seal.status(),
    'seal.init': async ({ passphrase }) => seal.init(passphrase),
    'seal.unseal': async ({ passphrase }) => seal.unseal(passphrase),
    // Audited as sys/seal while there is a runtime to audit with; sealing twice is a no-op.
    'seal.seal': async () => (seal.isUnsealed() ? seal.core().adminChanges.around('update', 'seal', null, () => seal.seal(), false) : seal.seal()),
    'seal.rotate': async () => seal.core().adminChanges.around('update', 'rotate', null, () => seal.rotate()),
    // The audit shows that the passphrase changed, never either passphrase (not even HMAC'd).
    'seal.changePassphrase': async ({ current, next }) => seal.core().adminChanges.around('update', 'rekey', null, () => seal.changePassphrase(current, next)),
  };
}
