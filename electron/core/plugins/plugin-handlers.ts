import type { ContractHandlers } from '../../common/contract';
import type { CoreRuntime } from '../core-runtime';

type PluginMethods =
  | 'plugins.register'
  | 'plugins.tune'
  | 'plugins.list'
  | 'plugins.remove'
  | 'plugins.status'
  | 'plugins.reload'
  | 'plugins.hashFile'
  | 'plugins.directory'
  | 'plugins.logs'
  | 'plugins.inspectFile'
  | 'plugins.install'
  | 'plugins.setDevelopment'
  | 'plugins.repinPreview'
  | 'plugins.repin'
  | 'plugins.undoRepin'
  | 'settings.get'
  | 'settings.setPluginDirectory';

/** Changes are audited as the sys/ requests that make them (sys/plugins/catalog/…, sys/plugins/reload/backend). */
export function pluginHandlers(core: () => CoreRuntime): Pick<ContractHandlers, PluginMethods> {
  return {
    'plugins.register': async (args) =>
      core().adminChanges.around('update', `plugins/catalog/${args.type}/${args.name}`, args, () => core().pluginService.register(args)),
    'plugins.tune': async (args) =>
      core().adminChanges.around('update', `plugins/catalog/${args.type}/${args.name}/limits`, args, async () => core().pluginService.tune(args)),
    'plugins.list': async () => core().pluginService.list(),
    'plugins.remove': async ({ type, name, version }) =>
      core().adminChanges.around('delete', `plugins/catalog/${type}/${name}`, { version }, () => ({
        removed: core().pluginService.remove(type, name, version),
      })),
    'plugins.status': async () => ({ processes: core().plugins.status() }),
    'plugins.reload': async (args) =>
      core().adminChanges.around('update', 'plugins/reload/backend', args, async () => ({ reloaded: await core().pluginService.reload(args) })),
    'plugins.hashFile': async ({ path }) => core().pluginService.hashFile(path),
    'plugins.directory': async () => core().pluginService.directory(),
    'plugins.logs': async (args) => core().plugins.logs.query(args),
    'plugins.inspectFile': async ({ path, fileName }) => core().pluginService.inspectFile(path, fileName),
    'plugins.install': async (args) =>
      core().adminChanges.around('update', `plugins/catalog/${args.type}/${args.name}`, args, () => core().pluginService.install(args)),
    'plugins.setDevelopment': async (args) =>
      core().adminChanges.around('update', `plugins/catalog/${args.type}/${args.name}/development`, args, () => core().pluginService.setDevelopment(args)),
    'plugins.repinPreview': async (args) => core().pluginService.repinPreview(args),
    'plugins.repin': async (args) =>
      core().adminChanges.around('update', `plugins/catalog/${args.type}/${args.name}/repin`, args, () => core().pluginService.repin(args)),
    'plugins.undoRepin': async (args) =>
      core().adminChanges.around('update', `plugins/catalog/${args.type}/${args.name}/repin`, args, () => core().pluginService.undoRepin(args)),
    'settings.get': async () => core().settings.view(),
    'settings.setPluginDirectory': async ({ path }) =>
      core().adminChanges.around('update', 'config/plugin-directory', { path }, () => core().pluginService.setPluginDirectory(path)),
  };
}
