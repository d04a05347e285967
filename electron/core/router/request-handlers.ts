import type { ContractHandlers } from '../../common/contract';
import type { CoreRuntime } from '../core-runtime';

export function requestHandlers(core: () => CoreRuntime): Pick<ContractHandlers, 'requests.handle' | 'requests.help'> {
  return {
    'requests.handle': async (args) => core().router.handle(args),
    'requests.help': async ({ path }) => core().router.help(path),
  };
}
