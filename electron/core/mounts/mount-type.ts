/**
 * Vault's mount type aliases: `kv-v1` and `kv-v2` enable the `kv` plugin with `options.version`
 * "1" / "2", the alias winning over a version given in the options (as OpenBao does), so the mount
 * then lists as type `kv` with its version option. Plain `kv` keeps the options it was given
 * (none: `{}`, which the KV plugin serves as version 1).
 */
const KV_VERSION_OF_ALIAS: Readonly<Record<string, string>> = { 'kv-v1': '1', 'kv-v2': '2' };

export function resolveMountType(type: string, options: Readonly<Record<string, string>>): { type: string; options: Record<string, string> } {
  const version = KV_VERSION_OF_ALIAS[type];
  if (version === undefined) return { type, options: { ...options } };
  return { type: 'kv', options: { ...options, version } };
}
