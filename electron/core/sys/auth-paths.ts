/**
 * `sys/auth`, `sys/auth/<path>`, `sys/auth/<path>/tune`: auth methods as plugins (any catalog
 * entry of type `auth`), answering in OpenBao's shapes. An auth method enabled at `jwt` is served
 * at `auth/jwt/`, kept in the same mount table and supervisor as the secrets engines; disabling
 * it revokes every token its logins issued, as Vault does. The token store (`token/`) is listed
 * and its tune read, but it is built in: it cannot be enabled over, tuned or disabled.
 */
import { CoreError } from '../core-errors';
import { authRouterPath } from '../mounts/mount-service';
import { normaliseMountPath } from '../mounts/mount-path';
import type { FieldData, Fields, SystemPath } from './declare';
import { requiredText } from './fields';
import { enableSettings, optionsOf, tuneChanges, tuneView } from './mount-settings';
import type { SystemBackendDeps } from './system-deps';
import { effectiveTtl, findAuthMount, vaultAuthMount, vaultAuthMounts, vaultTokenAuthMount } from './vault-mounts';

const AUTH_PATH = { type: 'string', description: 'The auth method\'s path, e.g. "jwt" (served at auth/jwt/; a trailing / is optional).' } as const;
const NO_EFFECT = ' Accepted for Vault clients; it changes nothing here.';
const TOKEN_TYPE = {
  type: 'string',
  description: 'Vault: the type of token logins get. Strongroom issues service tokens only: "default-service", "service" or "default" are accepted, batch types refused.',
} as const;

const TUNE_FIELDS: Fields = {
  path: AUTH_PATH,
  description: { type: 'string', description: 'A new human-friendly description of the auth method.' },
  default_lease_ttl: { type: 'duration', description: 'The default TTL of the tokens its logins issue, e.g. "1h"; 0 uses the system default.' },
  max_lease_ttl: { type: 'duration', description: 'The maximum TTL of the tokens its logins issue, e.g. "24h"; 0 uses the system default.' },
  options: { type: 'map', description: 'Options passed to the plugin at Setup.' },
  plugin_version: { type: 'string', description: 'The catalog version of the auth plugin to run, e.g. "v0.26.1".' },
  request_timeout: { type: 'duration', description: "How long a request to the plugin may take before it fails with deadline_exceeded, e.g. \"30s\"; 0 uses the default." },
  token_type: TOKEN_TYPE,
  force_no_cache: { type: 'bool', description: `Vault: bypass its response cache.${NO_EFFECT}` },
  audit_non_hmac_request_keys: { type: 'commaStringSlice', description: `Vault: request keys the audit log keeps unhashed.${NO_EFFECT}` },
  audit_non_hmac_response_keys: { type: 'commaStringSlice', description: `Vault: response keys the audit log keeps unhashed.${NO_EFFECT}` },
  listing_visibility: { type: 'string', description: `Vault: whether its web UI lists the method.${NO_EFFECT}` },
  passthrough_request_headers: { type: 'commaStringSlice', description: `Vault: request headers passed to the plugin.${NO_EFFECT}` },
  allowed_response_headers: { type: 'commaStringSlice', description: `Vault: response headers the plugin may set.${NO_EFFECT}` },
};

const BATCH_TYPES: ReadonlySet<string> = new Set(['batch', 'default-batch']);

function checkTokenType(value: unknown): void {
  if (typeof value === 'string' && BATCH_TYPES.has(value)) {
    throw new CoreError('invalid_request', `token_type "${value}": Strongroom issues service tokens only; leave token_type out or give "default-service".`, { httpStatus: 400 });
  }
}

function isTokenStore(path: string): boolean {
  return normaliseMountPath(path) === 'token/';
}

/** The auth method at `path`, or Vault's 400 "No auth engine at …". */
function authMountAt(deps: SystemBackendDeps, path: string) {
  const found = findAuthMount(deps, path);
  if (found === undefined) {
    const shown = normaliseMountPath(path);
    throw new CoreError('mount_not_found', `No auth engine at ${shown}: list sys/auth to see the auth methods' paths.`, { httpStatus: 400, path: `auth/${shown}` });
  }
  return found;
}

function builtinRefusal(change: string): CoreError {
  return new CoreError('mount_reserved', `token/ is Strongroom's built-in token store and cannot be ${change}; pick an auth method from sys/auth.`, { httpStatus: 400, path: 'auth/token/' });
}

async function enable(deps: SystemBackendDeps, data: FieldData): Promise<null> {
  const path = data.get<string>('path');
  if (isTokenStore(path)) throw new CoreError('mount_overlap', 'path is already in use at token/: the token store is built in; choose another path.', { httpStatus: 400, path: 'auth/token/' });
  const config = data.get<Record<string, unknown>>('config');
  checkTokenType(config['token_type']);
  await deps.mounts.enable({ kind: 'auth', path, type: requiredText(data, 'type'), ...enableSettings(data, config), options: optionsOf(data) ?? {} });
  return null;
}

/** OpenBao's tune read: effective TTLs, the token type, and `options` / `plugin_version` only when set. */
export function authTuneView(deps: SystemBackendDeps, path: string) {
  if (isTokenStore(path)) {
    const token = vaultTokenAuthMount();
    return { data: { description: token.description, default_lease_ttl: effectiveTtl(0), max_lease_ttl: effectiveTtl(0), force_no_cache: false, token_type: 'default-service' } };
  }
  return tuneView(authMountAt(deps, path), { token_type: 'default-service' });
}

/** A tune write of the auth method at `path` (`sys/auth/<p>/tune`, and `sys/mounts/auth/<p>/tune`, which the CLI's `auth tune` sends). */
export async function tuneAuth(deps: SystemBackendDeps, path: string, data: FieldData): Promise<null> {
  if (isTokenStore(path)) throw builtinRefusal('tuned');
  checkTokenType(data.raw['token_type']);
  await deps.mounts.tune(tuneChanges(authMountAt(deps, path).path, data));
  return null;
}

export function authPaths(deps: SystemBackendDeps): SystemPath[] {
  const list = async () => ({ data: vaultAuthMounts(deps) });
  return [
    {
      pattern: 'auth/',
      helpSynopsis: 'List the auth methods: the token store (token/) and every enabled auth plugin.',
      helpDescription: 'Each auth method by its path, with its plugin type, accessor, TTLs, options and plugin version, as Vault lists them.',
      operations: { read: { summary: 'List the auth methods.', handler: list } },
    },
    {
      pattern: 'auth/{path*}/tune',
      fields: TUNE_FIELDS,
      helpSynopsis: "Read or change an auth method's description, token TTLs, request timeout, options and plugin version.",
      helpDescription: 'Fields left out keep their value. TTLs are whole seconds or durations such as 90s or 1h30m; a read shows the TTLs in effect (0 reads as the system default).',
      displayAttrs: { operationPrefix: 'auth', operationSuffix: 'tuning-information' },
      operations: {
        read: { summary: "Read an auth method's tunable settings.", handler: async (data) => authTuneView(deps, data.get<string>('path')) },
        update: { summary: "Change an auth method's tunable settings.", handler: async (data) => tuneAuth(deps, data.get<string>('path'), data) },
      },
    },
    {
      pattern: 'auth/{path*}',
      fields: {
        path: AUTH_PATH,
        type: { type: 'string', required: true, description: 'The catalog name of the auth plugin (type auth), e.g. "jwt".' },
        description: { type: 'string', description: 'A human-friendly description of the auth method.' },
        config: { type: 'map', description: 'Token settings: {"default_lease_ttl": "1h", "max_lease_ttl": "24h"} (whole seconds or durations), "plugin_version", "token_type".' },
        options: TUNE_FIELDS['options'] as Fields[string],
        plugin_version: { type: 'string', description: 'The catalog version of the auth plugin, e.g. "v0.26.1"; empty picks the only or newest registered.' },
        local: { type: 'bool', description: `Vault: an auth method not replicated to other clusters.${NO_EFFECT}` },
        seal_wrap: { type: 'bool', description: `Vault: seal-wrap the method's values.${NO_EFFECT}` },
        external_entropy_access: { type: 'bool', description: `Vault: give the plugin an external entropy source.${NO_EFFECT}` },
      },
      helpSynopsis: 'Read, enable or disable the auth method at a path.',
      helpDescription: 'Enabling starts the auth plugin and serves it at auth/<path>/; disabling revokes every token its logins issued and removes its data.',
      displayAttrs: { operationPrefix: 'auth' },
      operations: {
        read: {
          summary: 'Read the auth method at this path.',
          handler: async (data) => {
            const path = data.get<string>('path');
            return { data: isTokenStore(path) ? vaultTokenAuthMount() : vaultAuthMount(deps, authMountAt(deps, path)) };
          },
        },
        update: { summary: 'Enable an auth method at this path.', handler: async (data) => enable(deps, data) },
        delete: {
          summary: 'Disable the auth method at this path (the tokens it issued are revoked, its data removed).',
          handler: async (data) => {
            const path = data.get<string>('path');
            if (isTokenStore(path)) throw builtinRefusal('disabled');
            // Vault answers 204 for a path where nothing is enabled: disabling is idempotent.
            if (findAuthMount(deps, path) !== undefined) await deps.mounts.disable(authRouterPath(path));
            return null;
          },
        },
      },
    },
  ];
}
