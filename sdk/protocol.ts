/**
 * Launch facts of go-plugin and Vault's backend plugins, from the plugin's side: the magic
 * cookie, which app protocol to speak, and the handshake line.
 */

/** Vault's handshake cookie for secrets and auth backend plugins (`sdk/plugin/serve.go`). */
export const MAGIC_COOKIE_KEY = 'VAULT_BACKEND_PLUGIN';
export const MAGIC_COOKIE_VALUE = '6669da05-b1c8-4f49-97d9-c8e5bed98e20';
export const CORE_PROTOCOL_VERSION = 1;
/** 5 = multiplexing-capable (Vault's `ServeMultiplex`), 4 = one backend per process. */
export const SUPPORTED_APP_VERSIONS = [5, 4] as const;
export type AppVersion = (typeof SUPPORTED_APP_VERSIONS)[number];

/** What a person who runs the binary by hand sees (stderr, exit 1), in go-plugin's spirit. */
export const RUN_BY_HAND_NOTICE =
  'This binary is a Strongroom/Vault plugin. It is not meant to be run directly:\n' +
  'register it with a plugin host (Strongroom, or `vault plugin register`) and\n' +
  'the host will start it when a mount needs it.\n';

export function hasMagicCookie(env: NodeJS.ProcessEnv): boolean {
  return env[MAGIC_COOKIE_KEY] === MAGIC_COOKIE_VALUE;
}

/**
 * The highest version both sides speak; if none, the lowest we speak, so the host can report
 * the mismatch (go-plugin's rule). Unparsable entries are skipped.
 */
export function pickAppVersion(hostVersions: string | undefined): AppVersion {
  const offered = new Set(
    (hostVersions ?? '')
      .split(',')
      .map((v) => Number.parseInt(v.trim(), 10))
      .filter((v) => Number.isInteger(v)),
  );
  for (const version of SUPPORTED_APP_VERSIONS) if (offered.has(version)) return version;
  return SUPPORTED_APP_VERSIONS[SUPPORTED_APP_VERSIONS.length - 1] as AppVersion;
}

/** `1|5|unix|/tmp/plugin123|grpc|<base64 DER, no padding>`. */
export function handshakeLine(version: AppVersion, socketPath: string, certDer: Uint8Array): string {
  const cert = Buffer.from(certDer).toString('base64').replace(/=+$/, '');
  return `${CORE_PROTOCOL_VERSION}|${version}|unix|${socketPath}|grpc|${cert}\n`;
}
