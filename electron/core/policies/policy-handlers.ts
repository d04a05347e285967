import type { ContractHandlers } from '../../common/contract';
import { checkPolicy } from './policy-check';

export function policyHandlers(): Pick<ContractHandlers, 'policies.check'> {
  return {
    'policies.check': async ({ policy }) => checkPolicy(policy),
  };
}
