import type { ContractHandlers } from '../../common/contract';
import type { CoreRuntime } from '../core-runtime';

export function mountHandlers(core: () => CoreRuntime): Pick<ContractHandlers, 'mounts.enable' | 'mounts.disable' | 'mounts.tune' | 'mounts.move' | 'mounts.list'> {
  return {
    'mounts.enable': async (args) => core().mounts.enable(args),
    'mounts.disable': async ({ path }) => core().mounts.disable(path),
    'mounts.tune': async (args) => core().mounts.tune(args),
    'mounts.move': async ({ from, to }) => core().mounts.move(from, to),
    'mounts.list': async () => ({ mounts: core().mounts.list() }),
  };
}
