import type { ContractHandlers } from '../../common/contract';
import type { SealService } from './seal-service';

export function sealHandlers(seal: SealService): Pick<ContractHandlers, 'seal.status' | 'seal.init' | 'seal.unseal' | 'seal.seal'> {
  return {
    'seal.status': async () => seal.status(),
    'seal.init': async ({ passphrase }) => seal.init(passphrase),
    'seal.unseal': async ({ passphrase }) => seal.unseal(passphrase),
    'seal.seal': async () => seal.seal(),
  };
}
