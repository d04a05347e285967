/**
 * `sys/mounts`, `sys/mounts/<path>`, `sys/mounts/<path>/tune`: declared like plugin paths, answering
 * in Vault's shapes (`vault-mounts.ts`). Vault's fields that mean nothing on one node without a
 * response cache (`local`, `seal_wrap`, `external_entropy_access`, `force_no_cache`) are accepted,
 * so the CLI's requests get no "ignored parameters" warning, and change nothing.
 */
import { CoreError } from '../core-errors';
import { authTuneView, tuneAuth } from './auth-paths';
import type { FieldData, Fields, SystemPath } from './declare';
import { requiredText } from './fields';
import { enableSettings, optionsOf, tuneChanges, tuneView } from './mount-settings';
import type { SystemBackendDeps } from './system-deps';
import { findMount, mountAt, userMountAt, vaultMount, vaultMounts } from './vault-mounts';

const MOUNT_PATH = { type: 'string', description: 'The mount path, e.g. "secret" or "team/kv" (a trailing / is optional).' } as const;

const NO_EFFECT = ' Accepted for Vault clients; Strongroom has one node and encrypts everything, so it changes nothing.';

/** `sys/mounts/<path>` enable fields Vault's clients send that have no effect here. */
const VAULT_ONLY_ENABLE_FIELDS: Fields = {
  local: { type: 'bool', description: `Vault: a mount not replicated to other clusters.${NO_EFFECT}` },
  seal_wrap: { type: 'bool', description: `Vault: seal-wrap the mount's values.${NO_EFFECT}` },
  external_entropy_access: { type: 'bool', description: `Vault: give the engine an external entropy source.${NO_EFFECT}` },
};

/** Tune fields Vault's CLI sends (`secrets tune` sends them all) that Strongroom stores nowhere. */
const VAULT_ONLY_TUNE_FIELDS: Fields = {
  force_no_cache: { type: 'bool', description: 'Vault: bypass its response cache. Strongroom caches no responses, so it is always as if true.' },
  audit_non_hmac_request_keys: { type: 'commaStringSlice', description: `Vault: request keys the audit log keeps unhashed.${NO_EFFECT}` },
  audit_non_hmac_response_keys: { type: 'commaStringSlice', description: `Vault: response keys the audit log keeps unhashed.${NO_EFFECT}` },
  listing_visibility: { type: 'string', description: `Vault: whether its web UI lists the mount.${NO_EFFECT}` },
  passthrough_request_headers: { type: 'commaStringSlice', description: `Vault: request headers passed to the plugin.${NO_EFFECT}` },
  allowed_response_headers: { type: 'commaStringSlice', description: `Vault: response headers the plugin may set.${NO_EFFECT}` },
  token_type: { type: 'string', description: 'For an auth method (path auth/<p>): the type of token its logins get; service tokens only, batch types are refused.' },
};

const TUNE_FIELDS: Fields = {
  path: MOUNT_PATH,
  description: { type: 'string', description: 'A new human-friendly description of the mount.' },
  default_lease_ttl: { type: 'duration', description: 'The default lease TTL of the mount, e.g. "1h" or 3600; 0 uses the system default.' },
  max_lease_ttl: { type: 'duration', description: 'The maximum lease TTL of the mount, e.g. "24h"; 0 uses the system default.' },
  options: { type: 'map', description: 'Mount options passed to the plugin, e.g. {"version": "2"} for KV v2.' },
  plugin_version: { type: 'string', description: 'The catalog version of the plugin to run the mount with, e.g. "v0.1.0".' },
  request_timeout: { type: 'duration', description: 'How long a request to the mount\'s plugin may take before it fails with deadline_exceeded, e.g. "30s"; 0 uses the default.' },
  ...VAULT_ONLY_TUNE_FIELDS,
};

/** `jwt` for `auth/jwt` (an auth method's router path), else undefined. */
function authMethodPath(path: string): string | undefined {
  const normalised = path.replace(/^\/+/, '');
  return normalised.startsWith('auth/') ? normalised.slice('auth/'.length) : undefined;
}

/** Types whose `options.version` picks KV v1 or v2; Vault refuses a version for any other engine. */
const VERSIONED_TYPES: ReadonlySet<string> = new Set(['kv', 'kv-v1', 'kv-v2', 'generic']);

async function enable(deps: SystemBackendDeps, data: FieldData): Promise<null> {
  const config = data.get<Record<string, unknown>>('config');
  const type = requiredText(data, 'type');
  const options = optionsOf(data) ?? {};
  if ((options['version'] ?? '') !== '' && !VERSIONED_TYPES.has(type)) {
    throw new CoreError('invalid_request', `secrets engine "${type}" does not allow setting a version: only kv takes options.version; enable it without -version.`, { httpStatus: 400 });
  }
  await deps.mounts.enable({ path: data.get<string>('path'), type, ...enableSettings(data, config), options });
  return null;
}

export function mountPaths(deps: SystemBackendDeps): SystemPath[] {
  const list = async () => ({ data: vaultMounts(deps) });
  return [
    {
      pattern: 'mounts/',
      helpSynopsis: 'List the mounted secrets engines.',
      helpDescription: 'Every mount by its path, with its plugin type, accessor, TTLs, options and plugin version, as Vault lists them; sys/ itself is listed too.',
      operations: {
        read: { summary: 'List the mounted secrets engines.', handler: list },
        list: { summary: 'List the mounted secrets engines.', handler: list },
      },
    },
    {
      pattern: 'mounts/{path*}/tune',
      fields: TUNE_FIELDS,
      helpSynopsis: "Read or change a mount's description, lease TTLs, request timeout, options and plugin version.",
      helpDescription: 'Fields left out keep their value. TTLs are whole seconds or durations such as 90s, 1h30m or 7d; a read shows the TTLs in effect (0 reads as the system default).',
      displayAttrs: { operationPrefix: 'mounts', operationSuffix: 'tuning' },
      operations: {
        read: {
          summary: "Read a mount's tunable settings.",
          handler: async (data) => {
            const auth = authMethodPath(data.get<string>('path'));
            return auth === undefined ? tuneView(mountAt(deps, data.get<string>('path'))) : authTuneView(deps, auth);
          },
        },
        update: {
          summary: "Change a mount's tunable settings.",
          handler: async (data) => {
            // `bao auth tune` tunes an auth method here, by its router path (auth/<p>), as Vault allows.
            const auth = authMethodPath(data.get<string>('path'));
            if (auth !== undefined) return tuneAuth(deps, auth, data);
            await deps.mounts.tune(tuneChanges(userMountAt(deps, data.get<string>('path'), 'tuned').path, data));
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
        config: { type: 'map', description: 'Lease settings: {"default_lease_ttl": "1h", "max_lease_ttl": "24h"} (whole seconds or durations), and "plugin_version".' },
        options: TUNE_FIELDS['options'] as Fields[string],
        plugin_version: { type: 'string', description: 'The catalog version of the plugin, e.g. "v0.1.0"; empty picks the only or newest registered.' },
        ...VAULT_ONLY_ENABLE_FIELDS,
      },
      helpSynopsis: 'Read, enable or disable the secrets engine at a path.',
      helpDescription: 'Enabling starts the plugin and mounts it at the path; disabling revokes its leases and removes its data.',
      displayAttrs: { operationPrefix: 'mounts' },
      operations: {
        read: { summary: 'Read the mount at this path.', handler: async (data) => ({ data: vaultMount(deps, mountAt(deps, data.get<string>('path'))) }) },
        update: { summary: 'Enable a secrets engine at this path.', handler: async (data) => enable(deps, data) },
        delete: {
          summary: 'Disable the mount at this path (its leases are revoked, its data removed).',
          handler: async (data) => {
            // Vault answers 204 for a path where nothing is mounted: disabling is idempotent.
            const mount = findMount(deps, data.get<string>('path'));
            if (mount !== undefined) await deps.mounts.disable(userMountAt(deps, mount.path, 'disabled').path);
            return null;
          },
        },
      },
    },
  ];
}
