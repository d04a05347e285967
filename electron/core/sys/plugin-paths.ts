/**
 * `sys/plugins/catalog[/<type>[/<name>]]`, the legacy untyped `sys/plugins/catalog/<name>` and
 * `sys/plugins/reload/backend`: declared like plugin paths, answering in Vault's shapes (OpenBao's
 * catalog handlers): a typed entry without `type` or `env`, a `detailed` list with `sha256` only for
 * external plugins, lists by type only for types that have plugins.
 */
import { randomUUID } from 'node:crypto';
import type { CatalogEntryView } from '../../common/contract/plugins';
import { CoreError } from '../core-errors';
import type { FieldData, FieldSchema, Fields, SystemPath } from './declare';
import { optionalText, requiredText } from './fields';
import type { SystemBackendDeps } from './system-deps';

type PluginType = 'secret' | 'auth';

/** Vault's plugin types; Strongroom registers secrets engines and auth methods, and lists no database plugins. */
const LISTED_TYPES = ['auth', 'database', 'secret'] as const;

const PLUGIN_TYPE: FieldSchema = { type: 'string', allowedValues: ['secret', 'auth'], description: 'The plugin type: "secret" (secrets engine) or "auth" (auth method).' };

/** What OpenBao's `handlePluginCatalogRead` answers (no `type`, no `env`: env often holds credentials). */
function vaultCatalogEntry(entry: CatalogEntryView) {
  return { name: entry.name, version: entry.version, command: entry.command, args: entry.args, sha256: entry.sha256, builtin: entry.builtin, oci: false, declarative: false };
}

/**
 * Strongroom-only, and only on an entry in development mode (so a plain entry reads exactly as
 * OpenBao's): what is watched, the kept copy it runs from, the last reload and the last failure.
 */
function developmentField(entry: CatalogEntryView) {
  const dev = entry.development;
  if (dev === null) return {};
  return { development: { watching: dev.watching, source_dir: dev.source, running_copy: dev.runningCopy, last_reload: dev.lastReload, last_failure: dev.lastFailure } };
}

/** One line of the `detailed` list (OpenBao's `handlePluginCatalogUntypedList`). */
function detailedEntry(entry: CatalogEntryView) {
  return { type: entry.type, name: entry.name, version: entry.version, builtin: entry.builtin, ...(entry.sha256 !== '' ? { sha256: entry.sha256 } : {}) };
}

const REGISTRATION_FIELDS: Fields = {
  command: { type: 'string', required: true, description: 'The executable, a file name inside the plugin directory (see Settings).' },
  args: { type: 'commaStringSlice', description: 'Arguments the plugin is started with (a list, or comma-separated).' },
  env: { type: 'keyPairs', description: 'Environment of the plugin process: "KEY=value" items or an object.', displayAttrs: { sensitive: true } },
  sha256: { type: 'string', description: "The executable's SHA-256 in hex; empty computes it from the file (Vault requires it)." },
  sha_256: { type: 'string', description: 'The same as sha256 (an older spelling Vault still accepts).' },
  oci: { type: 'bool', description: 'OpenBao: the plugin is an OCI image. Strongroom runs only executables in its plugin directory.' },
  development: { type: 'bool', description: 'Strongroom: development mode on (true) or off (false): the binary, or the TS sources in source_dir, are watched and each good rebuild re-pinned and reloaded. Absent: unchanged.' },
  source_dir: { type: 'string', description: 'Strongroom, with development=true: the absolute folder of a TS plugin made with the SDK (its main.ts), rebuilt into the command file on every save.' },
};

async function register(deps: SystemBackendDeps, data: FieldData, type: PluginType, name: string): Promise<null> {
  if (data.get<boolean>('oci')) {
    throw new CoreError('invalid_request', 'OCI plugin images are not supported: copy the executable into the plugin directory and register it by file name.', { httpStatus: 400 });
  }
  await deps.plugins.register({
    type,
    name,
    version: optionalText(data, 'version'),
    command: requiredText(data, 'command'),
    args: data.get<string[]>('args'),
    env: data.getOk<Record<string, string>>('env'),
    sha256: optionalText(data, 'sha256') || optionalText(data, 'sha_256') || undefined,
    development: data.getOk<boolean>('development'),
    sourceDir: optionalText(data, 'source_dir') || undefined,
  });
  return null;
}

export function pluginPaths(deps: SystemBackendDeps): SystemPath[] {
  const entries = () => deps.plugins.list().plugins;
  const namesOf = (type: string) => [...new Set(entries().filter((p) => p.type === type).map((p) => p.name))].sort();
  const catalog = async () => {
    const data: Record<string, unknown> = {};
    for (const type of LISTED_TYPES) if (namesOf(type).length > 0) data[type] = namesOf(type);
    if (entries().length > 0) data['detailed'] = entries().map(detailedEntry);
    // A built-in that was not built is listed where it would be, with the build's one line as a warning.
    const warnings = entries().flatMap((entry) => (entry.unavailable === null ? [] : [entry.unavailable]));
    return { data, ...(warnings.length > 0 ? { warnings } : {}) };
  };
  const typedList = (type: (typeof LISTED_TYPES)[number]): SystemPath => {
    // No plugins of the type is Vault's 404, as for any list with no keys.
    const list = async () => (namesOf(type).length === 0 ? null : { data: { keys: namesOf(type) } });
    return {
      pattern: `plugins/catalog/${type}/`,
      helpSynopsis: `List the names of the registered ${type} plugins.`,
      operations: { read: { summary: 'List the plugin names of this type.', handler: list }, list: { summary: 'List the plugin names of this type.', handler: list } },
    };
  };
  return [
    {
      pattern: 'plugins/catalog/',
      helpSynopsis: 'List the registered plugins by type, and every version in detail.',
      operations: {
        read: { summary: 'List the registered plugins.', handler: catalog },
        list: { summary: 'List the registered plugins.', handler: catalog },
      },
    },
    ...LISTED_TYPES.map(typedList),
    {
      pattern: 'plugins/catalog/{type}/{name}',
      fields: {
        type: PLUGIN_TYPE,
        name: { type: 'nameString', description: 'The plugin name mounts refer to, e.g. "kv".' },
        version: { type: 'string', query: true, description: 'The plugin version, e.g. "v0.1.0"; empty: the unversioned entry.' },
        ...REGISTRATION_FIELDS,
      },
      helpSynopsis: 'Read, register or remove one plugin version in the catalog.',
      helpDescription: 'Registering checks the executable against its SHA-256; a plugin still serving a mount cannot be removed.',
      displayAttrs: { operationPrefix: 'plugins-catalog' },
      operations: {
        read: {
          summary: 'Read a registered plugin.',
          handler: async (data) => {
            const version = optionalText(data, 'version') ?? '';
            const entry = deps.plugins.get(data.get<PluginType>('type'), data.get<string>('name'), version);
            // Without a version Vault reads the unversioned entry only (a 404 when all are versioned).
            if (entry === undefined || (version === '' && entry.version !== '')) return null;
            return { data: { ...vaultCatalogEntry(entry), ...developmentField(entry) } };
          },
        },
        update: { summary: 'Register a plugin version.', handler: async (data) => register(deps, data, data.get<PluginType>('type'), data.get<string>('name')) },
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
      pattern: 'plugins/catalog/{name}',
      fields: {
        name: { type: 'nameString', description: 'The plugin name (legacy form without a type: prefer plugins/catalog/secret/<name>).' },
        version: { type: 'string', query: true, description: 'The plugin version, e.g. "v0.1.0".' },
        ...REGISTRATION_FIELDS,
      },
      helpSynopsis: 'The catalog path from before plugin types (deprecated): registers a secrets engine.',
      helpDescription: 'Vault finds the type by starting the plugin; Strongroom mounts only secrets engines, so a plugin registered here is one. Reading answers nothing, as in Vault.',
      operations: {
        read: {
          summary: 'Deprecated: read nothing, with a warning.',
          handler: async (data) => ({ data: null, warnings: [`Deprecated API endpoint, cannot read plugin information from catalog for "${data.get<string>('name')}": read sys/plugins/catalog/secret/${data.get<string>('name')}.`] }),
        },
        update: { summary: 'Deprecated: register a secrets engine.', handler: async (data) => register(deps, data, 'secret', data.get<string>('name')) },
        delete: {
          summary: 'Deprecated: remove a secrets engine.',
          handler: async (data) => {
            const name = data.get<string>('name');
            deps.plugins.remove('secret', name, optionalText(data, 'version'));
            return { data: null, warnings: [`Deprecated API endpoint: removed the secret plugin "${name}" if it was registered; use sys/plugins/catalog/secret/${name}.`] };
          },
        },
      },
    },
    {
      pattern: 'plugins/reload/backend',
      fields: {
        plugin: { type: 'string', description: 'Restart every mount of this plugin name.' },
        mounts: { type: 'commaStringSlice', description: 'Restart these mounts (a list, or comma-separated), when no plugin is given.' },
        scope: { type: 'string', allowedValues: ['', 'global'], description: 'Vault: "global" reloads on every node of a cluster; Strongroom is one node, so both reload here.' },
      },
      helpSynopsis: 'Restart the plugin processes of a plugin or of some mounts.',
      operations: {
        update: {
          summary: 'Restart plugin processes.',
          handler: async (data) => {
            const plugin = optionalText(data, 'plugin');
            const mounts = data.get<string[]>('mounts');
            if ((plugin === undefined || plugin === '') && mounts.length === 0) {
              throw new CoreError('invalid_request', 'Give "plugin" (a plugin name) or "mounts" (mount paths) to say which plugin processes to restart.', { httpStatus: 400 });
            }
            const reloaded = await deps.plugins.reload(plugin !== undefined && plugin !== '' ? { plugin } : { mounts });
            // Vault answers only the reload id; the mounts restarted are Strongroom's addition.
            return { data: { reload_id: randomUUID(), reloaded } };
          },
        },
      },
    },
  ];
}
