/** `sys/mounts`, `sys/mounts/<path>`, `sys/mounts/<path>/tune`, `sys/remount`: declared like plugin paths. */
import type { Fields, SystemPath } from './declare';
import { optionalText, requiredText, stringMap, ttlSeconds } from './fields';
import type { SystemBackendDeps } from './system-deps';

const MOUNT_PATH = { type: 'string', description: 'The mount path, e.g. "secret" or "team/kv" (a trailing / is optional).' } as const;

const TUNE_FIELDS: Fields = {
  path: MOUNT_PATH,
  description: { type: 'string', description: 'A new human-friendly description of the mount.' },
  default_lease_ttl: { type: 'duration', description: 'The default lease TTL of the mount, e.g. "1h" or 3600; 0 uses the system default.' },
  max_lease_ttl: { type: 'duration', description: 'The maximum lease TTL of the mount, e.g. "24h"; 0 uses the system default.' },
  options: { type: 'map', description: 'Mount options passed to the plugin, e.g. {"version": "2"} for KV v2.' },
  plugin_version: { type: 'string', description: 'The catalog version of the plugin to run the mount with, e.g. "v0.1.0".' },
  request_timeout: { type: 'duration', description: 'How long a request to the mount\'s plugin may take before it fails with deadline_exceeded, e.g. "30s"; 0 uses the default.' },
};

interface MountFacts {
  path: string;
  type: string;
  description: string;
  accessor: string;
  uuid: string;
  defaultLeaseTtl: number;
  maxLeaseTtl: number;
  options: Record<string, string>;
  pluginVersion: string;
  builtin: boolean;
}

function vaultMount(mount: MountFacts) {
  return {
    type: mount.type,
    description: mount.description,
    accessor: mount.accessor,
    uuid: mount.uuid,
    config: { default_lease_ttl: mount.defaultLeaseTtl, max_lease_ttl: mount.maxLeaseTtl },
    options: mount.options,
    plugin_version: mount.pluginVersion,
    builtin: mount.builtin,
  };
}

export function mountPaths(deps: SystemBackendDeps): SystemPath[] {
  const list = async () => {
    const data: Record<string, unknown> = {};
    for (const mount of deps.mounts.list()) data[mount.path] = { ...vaultMount(mount), ...deps.plugins.running(mount.path) };
    return { data };
  };
  return [
    {
      pattern: 'mounts/',
      helpSynopsis: 'List the mounted secrets engines.',
      helpDescription: 'Every mount by its path, with its plugin type, accessor, TTLs, options and plugin version; sys/ itself is listed as builtin.',
      operations: {
        read: { summary: 'List the mounted secrets engines.', handler: list },
        list: { summary: 'List the mounted secrets engines.', handler: list },
      },
    },
    {
      pattern: 'mounts/{path*}/tune',
      fields: TUNE_FIELDS,
      helpSynopsis: "Read or change a mount's description, lease TTLs, request timeout, options and plugin version.",
      helpDescription: 'Fields left out keep their value. TTLs are whole seconds or durations such as 90s, 1h30m or 7d.',
      displayAttrs: { operationPrefix: 'mounts', operationSuffix: 'tuning' },
      operations: {
        read: {
          summary: "Read a mount's tunable settings.",
          handler: async (data) => {
            const mount = deps.mounts.view(data.get<string>('path'));
            return {
              data: {
                description: mount.description,
                default_lease_ttl: mount.defaultLeaseTtl,
                max_lease_ttl: mount.maxLeaseTtl,
                request_timeout: mount.requestTimeout,
                options: mount.options,
              },
            };
          },
        },
        update: {
          summary: "Change a mount's tunable settings.",
          handler: async (data) => {
            await deps.mounts.tune({
              path: data.get<string>('path'),
              description: optionalText(data, 'description'),
              pluginVersion: optionalText(data, 'plugin_version'),
              defaultLeaseTtl: ttlSeconds(data.raw['default_lease_ttl'], 'default_lease_ttl'),
              maxLeaseTtl: ttlSeconds(data.raw['max_lease_ttl'], 'max_lease_ttl'),
              requestTimeout: ttlSeconds(data.raw['request_timeout'], 'request_timeout'),
              options: data.has('options') ? stringMap(data.get('options'), 'options') : undefined,
            });
            return null;
          },
        },
      },
    },
    {
      pattern: 'mounts/{path*}',
      fields: {
        path: MOUNT_PATH,
        type: { type: 'string', required: true, description: 'The catalog name of the secrets engine plugin, e.g. "kv".' },
        description: { type: 'string', description: 'A human-friendly description of the mount.' },
        config: { type: 'map', description: 'Lease settings: {"default_lease_ttl": "1h", "max_lease_ttl": "24h"} (whole seconds or durations).' },
        options: TUNE_FIELDS['options'] as Fields[string],
        plugin_version: { type: 'string', description: 'The catalog version of the plugin, e.g. "v0.1.0"; empty picks the only or newest registered.' },
      },
      helpSynopsis: 'Read, enable or disable the secrets engine at a path.',
      helpDescription: 'Enabling starts the plugin and mounts it at the path; disabling revokes its leases and removes its data.',
      displayAttrs: { operationPrefix: 'mounts' },
      operations: {
        read: {
          summary: 'Read the mount at this path.',
          handler: async (data) => {
            const mount = deps.mounts.view(data.get<string>('path'));
            return { data: { ...vaultMount(mount), ...deps.plugins.running(mount.path) } };
          },
        },
        update: {
          summary: 'Enable a secrets engine at this path.',
          handler: async (data) => {
            const config = data.get<Record<string, unknown>>('config');
            await deps.mounts.enable({
              path: data.get<string>('path'),
              type: requiredText(data, 'type'),
              description: optionalText(data, 'description'),
              pluginVersion: optionalText(data, 'plugin_version'),
              defaultLeaseTtl: ttlSeconds(config['default_lease_ttl'], 'config.default_lease_ttl'),
              maxLeaseTtl: ttlSeconds(config['max_lease_ttl'], 'config.max_lease_ttl'),
              options: stringMap(data.get('options'), 'options'),
            });
            return null;
          },
        },
        delete: {
          summary: 'Disable the mount at this path (its leases are revoked, its data removed).',
          handler: async (data) => {
            await deps.mounts.disable(data.get<string>('path'));
            return null;
          },
        },
      },
    },
    {
      pattern: 'remount',
      fields: {
        from: { type: 'string', required: true, description: 'The current mount path, e.g. "secret".' },
        to: { type: 'string', required: true, description: 'The new mount path, e.g. "team/secret".' },
      },
      helpSynopsis: 'Move a mount to a new path.',
      helpDescription: 'The mount keeps its data, accessor and plugin; its leases move with it.',
      operations: {
        update: {
          summary: 'Move a mount to a new path.',
          handler: async (data) => ({ data: vaultMount(await deps.mounts.move(requiredText(data, 'from'), requiredText(data, 'to'))) }),
        },
      },
    },
  ];
}
