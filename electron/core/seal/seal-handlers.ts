import type { ContractHandlers } from '../../common/contract';
import type { SealService } from './seal-service';

export function sealHandlers(seal: SealService): Pick<ContractHandlers, 'seal.status' | 'seal.init' | 'seal.unseal' | 'seal.seal'> {
  return {
    'seal.status': async () => seal.status(),
    'seal.init': async ({ passphrase }) => seal.init(passphrase),
    'seal.unseal': async ({ passphrase }) => seal.unseal(passphrase),
    // Audited as sys/seal while there is a runtime to audit with; sealing twice is a no-op.
    'seal.seal': async () => (seal.isUnsealed() ? seal.core().auditedChange('update', 'seal', null, () => seal.seal(), false) : seal.seal()),
  };
}
