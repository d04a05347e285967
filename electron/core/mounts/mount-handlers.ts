import type { ContractHandlers } from '../../common/contract';
import type { CoreRuntime } from '../core-runtime';

/** `secret/` or `secret` → `secret`: the form a sys/mounts/<path> request names it by. */
const bare = (path: string) => path.replace(/\/+$/, '');

/** Changes are audited as the sys/ requests that make them (sys/mounts/<path>, sys/remount). */
export function mountHandlers(core: () => CoreRuntime): Pick<ContractHandlers, 'mounts.enable' | 'mounts.disable' | 'mounts.tune' | 'mounts.move' | 'mounts.list'> {
  return {
    'mounts.enable': async (args) => core().adminChanges.around('update', `mounts/${bare(args.path)}`, args, () => core().mounts.enable(args)),
    'mounts.disable': async ({ path }) => core().adminChanges.around('delete', `mounts/${bare(path)}`, { path }, () => core().mounts.disable(path)),
    'mounts.tune': async (args) => core().adminChanges.around('update', `mounts/${bare(args.path)}/tune`, args, () => core().mounts.tune(args)),
    'mounts.move': async ({ from, to }) => core().adminChanges.around('update', 'remount', { from, to }, () => core().mounts.move(from, to)),
    'mounts.list': async () => ({ mounts: core().mounts.list() }),
  };
}
