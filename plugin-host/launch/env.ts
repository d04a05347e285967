/**
 * The plugin child's environment, built explicitly.
 *
 * Vault hands its whole process environment to plugins; we deliberately do not: the app's
 * environment may carry tokens, cloud credentials and proxy settings that a plugin has no
 * business seeing. Layers, lowest precedence first (a later layer wins on the same key):
 *
 *   1. host allowlist: only `PATH`, so plugins that shell out to tools still find them
 *      (plus `SystemRoot` on Windows, without which Go's networking and crypto cannot start).
 *      No HOME (a plugin must not read the user's dotfiles), no LANG/TZ (Go does not need them:
 *      it reads /etc/localtime and logs in UTC-offset ISO form).
 *   2. the catalog entry's `env` (what the user registered for this plugin).
 *   3. Vault SDK variables (`VAULT_VERSION`, metadata mode off, AutoMTLS on).
 *   4. go-plugin variables (magic cookie, protocol versions, ports, client cert, socket dir)
 *      and `TMPDIR` = the private socket dir (older go-plugin versions ignore
 *      `PLUGIN_UNIX_SOCKET_DIR` and create their socket in the temp dir).
 *
 * Layers 3 and 4 are protocol facts: a catalog entry cannot override them.
 */

/** go-plugin magic cookie of Vault secrets/auth backend plugins (`sdk/plugin/serve.go`). */
export const BACKEND_PLUGIN_COOKIE = {
  key: 'VAULT_BACKEND_PLUGIN',
  value: '6669da05-b1c8-4f49-97d9-c8e5bed98e20',
} as const;

/** Keys of layers 3 and 4: set by the host for every plugin, refused in a catalog entry's env. */
export const HOST_CONTROLLED_ENV_KEYS: readonly string[] = [
  'VAULT_VERSION',
  'VAULT_PLUGIN_METADATA_MODE',
  'VAULT_PLUGIN_AUTOMTLS_ENABLED',
  BACKEND_PLUGIN_COOKIE.key,
  'PLUGIN_PROTOCOL_VERSIONS',
  'PLUGIN_MIN_PORT',
  'PLUGIN_MAX_PORT',
  'PLUGIN_CLIENT_CERT',
  'PLUGIN_UNIX_SOCKET_DIR',
  'TMPDIR',
];

export const DEFAULT_PROTOCOL_VERSIONS: readonly number[] = [4, 5];

export interface PluginEnvInput {
  hostEnv: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  catalogEnv: Readonly<Record<string, string>>;
  vaultVersion: string;
  protocolVersions: readonly number[];
  hostCertificatePem: string;
  socketDir: string;
}

export function hostEnvAllowlist(platform: NodeJS.Platform): string[] {
  return platform === 'win32' ? ['PATH', 'SystemRoot'] : ['PATH'];
}

export function buildPluginEnv(input: PluginEnvInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of hostEnvAllowlist(input.platform)) {
    const value = input.hostEnv[key];
    if (value !== undefined) env[key] = value;
  }
  Object.assign(env, input.catalogEnv);
  Object.assign(env, {
    VAULT_VERSION: input.vaultVersion.replace(/^v/, ''),
    VAULT_PLUGIN_METADATA_MODE: 'false',
    VAULT_PLUGIN_AUTOMTLS_ENABLED: 'true',
  });
  Object.assign(env, {
    [BACKEND_PLUGIN_COOKIE.key]: BACKEND_PLUGIN_COOKIE.value,
    PLUGIN_PROTOCOL_VERSIONS: input.protocolVersions.join(','),
    PLUGIN_MIN_PORT: '10000',
    PLUGIN_MAX_PORT: '25000',
    PLUGIN_CLIENT_CERT: input.hostCertificatePem,
    PLUGIN_UNIX_SOCKET_DIR: input.socketDir,
    TMPDIR: input.socketDir,
  });
  return env;
}
