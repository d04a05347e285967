/** `sys/plugins/catalog[/<type>[/<name>]]` and `sys/plugins/reload/backend`: declared like plugin paths. */
import type { FieldData, FieldSchema, SystemPath } from './declare';
import { optionalText, requiredText } from './fields';
import type { SystemBackendDeps } from './system-deps';

type PluginType = 'secret' | 'auth';

const PLUGIN_TYPE: FieldSchema = { type: 'string', allowedValues: ['secret', 'auth'], description: 'The plugin type: "secret" (secrets engine) or "auth" (auth method).' };

interface CatalogFacts {
  type: string;
  name: string;
  version: string;
  command: string;
  args: string[];
  sha256: string;
  mounts: string[];
  builtin: boolean;
}

function vaultCatalogEntry(entry: CatalogFacts) {
  return { type: entry.type, name: entry.name, version: entry.version, command: entry.command, args: entry.args, sha256: entry.sha256, builtin: entry.builtin, mounts: entry.mounts };
}

export function pluginPaths(deps: SystemBackendDeps): SystemPath[] {
  const namesOf = (type: string) => [...new Set(deps.plugins.list().plugins.filter((p) => p.type === type).map((p) => p.name))].sort();
  const catalog = async () => {
    const { plugins } = deps.plugins.list();
    // A built-in that was not built is listed where it would be, with the build's one line as a warning.
    const warnings = plugins.flatMap((entry) => (entry.unavailable === null ? [] : [entry.unavailable]));
    return { data: { secret: namesOf('secret'), auth: namesOf('auth'), detailed: plugins.map(vaultCatalogEntry) }, ...(warnings.length > 0 ? { warnings } : {}) };
  };
  const catalogType = async (data: FieldData) => ({ data: { keys: namesOf(data.get<PluginType>('type')) } });
  return [
    {
      pattern: 'plugins/catalog/',
      helpSynopsis: 'List the registered plugins by type, and every version in detail.',
      operations: {
        read: { summary: 'List the registered plugins.', handler: catalog },
        list: { summary: 'List the registered plugins.', handler: catalog },
      },
    },
    {
      pattern: 'plugins/catalog/{type}/',
      fields: { type: PLUGIN_TYPE },
      helpSynopsis: 'List the names of the registered plugins of one type.',
      operations: {
        read: { summary: 'List the plugin names of this type.', handler: catalogType },
        list: { summary: 'List the plugin names of this type.', handler: catalogType },
      },
    },
    {
      pattern: 'plugins/catalog/{type}/{name}',
      fields: {
        type: PLUGIN_TYPE,
        name: { type: 'nameString', description: 'The plugin name mounts refer to, e.g. "kv".' },
        version: { type: 'string', query: true, description: 'The plugin version, e.g. "v0.1.0"; empty: the unversioned entry.' },
        command: { type: 'string', required: true, description: 'The executable, a file name inside the plugin directory (see Settings).' },
        args: { type: 'commaStringSlice', description: 'Arguments the plugin is started with (a list, or comma-separated).' },
        env: { type: 'keyPairs', description: 'Environment of the plugin process: "KEY=value" items or an object.', displayAttrs: { sensitive: true } },
        sha256: { type: 'string', description: "The executable's SHA-256 in hex; empty computes it from the file." },
      },
      helpSynopsis: 'Read, register or remove one plugin version in the catalog.',
      helpDescription: 'Registering checks the executable against its SHA-256; a plugin still serving a mount cannot be removed.',
      displayAttrs: { operationPrefix: 'plugins-catalog' },
      operations: {
        read: {
          summary: 'Read a registered plugin.',
          handler: async (data) => {
            const entry = deps.plugins.get(data.get<PluginType>('type'), data.get<string>('name'), optionalText(data, 'version'));
            return entry === undefined ? null : { data: vaultCatalogEntry(entry) };
          },
        },
        update: {
          summary: 'Register a plugin version.',
          handler: async (data) => {
            await deps.plugins.register({
              type: data.get<PluginType>('type'),
              name: data.get<string>('name'),
              version: optionalText(data, 'version'),
              command: requiredText(data, 'command'),
              args: data.get<string[]>('args'),
              env: data.getOk<Record<string, string>>('env'),
              sha256: optionalText(data, 'sha256'),
            });
            return null;
          },
        },
        delete: {
          summary: 'Remove a plugin version from the catalog.',
          handler: async (data) => {
            deps.plugins.remove(data.get<PluginType>('type'), data.get<string>('name'), optionalText(data, 'version'));
            return null;
          },
        },
      },
    },
    {
      pattern: 'plugins/reload/backend',
      fields: {
        plugin: { type: 'string', description: 'Restart every mount of this plugin name.' },
        mounts: { type: 'commaStringSlice', description: 'Restart these mounts (a list, or comma-separated), when no plugin is given.' },
      },
      helpSynopsis: 'Restart the plugin processes of a plugin or of some mounts.',
      operations: {
        update: {
          summary: 'Restart plugin processes.',
          handler: async (data) => {
            const plugin = optionalText(data, 'plugin');
            const reloaded = await deps.plugins.reload(plugin !== undefined ? { plugin } : { mounts: data.get<string[]>('mounts') });
            return { data: { reloaded } };
          },
        },
      },
    },
  ];
}
