/**
 * The paths of the built-in backends that need `sudo` as well as the operation's capability
 * (Vault's `PathsSpecial.Root`, relative to the mount), and those served without a token
 * (`PathsSpecial.Unauthenticated`). Patterns as Vault writes them: a trailing `*` is a prefix.
 */

/** The system backend's root paths, as OpenBao 2.7.2 lists them. */
export const SYSTEM_ROOT_PATHS: readonly string[] = [
  'auth/*',
  'remount',
  'audit',
  'audit/*',
  'raw',
  'raw/*',
  'rotate',
  'rotate/keyring',
  'rotate/root',
  'config/cors',
  'config/auditing/*',
  'config/ui/headers/*',
  'plugins/catalog/*',
  'revoke-prefix/*',
  'revoke-force/*',
  'leases/revoke-prefix/*',
  'leases/revoke-force/*',
  'leases/lookup/*',
  'leases',
  'internal/inspect/*',
];

/** The system backend's paths served without a token that the router sees (the others are the HTTP layer's). */
export const SYSTEM_UNAUTHENTICATED_PATHS: readonly string[] = ['internal/ui/mounts', 'internal/ui/mounts/*'];

/** The token store's root paths (`revoke-orphan` checks sudo in its handler, as Vault's does). */
export const TOKEN_ROOT_PATHS: readonly string[] = ['revoke-orphan/*', 'accessors*'];
