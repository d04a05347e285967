/**
 * `sys/internal/ui/mounts[/<path>]`: the mount lists Vault's clients read before a
 * request. The CLI's `kv` commands ask `internal/ui/mounts/<path>` which mount serves a path and
 * whether it is KV v1 or v2 (`options.version`, a string); a path under no mount is a 403 with
 * Vault's "preflight capability check" text, never a 404, so the answer does not tell which mounts
 * exist. (The HTTP layer lets these through without a token; until policies exist every valid
 * token sees every mount, as a root token does in Vault.)
 */
import { CoreError } from '../core-errors';
import type { SystemPath } from './declare';
import type { SystemBackendDeps } from './system-deps';
import { mountServing, vaultAuthMounts, vaultMounts } from './vault-mounts';

export function uiMountPaths(deps: SystemBackendDeps): SystemPath[] {
  const all = async () => ({ data: { secret: vaultMounts(deps), auth: vaultAuthMounts(deps) } });
  return [
    {
      pattern: 'internal/ui/mounts/',
      helpSynopsis: 'Every secrets mount and auth method, as the Vault CLI and web UI list them.',
      operations: { read: { summary: 'List the mounts and auth methods.', handler: all } },
    },
    {
      pattern: 'internal/ui/mounts/{path*}',
      fields: { path: { type: 'string', description: 'A request path, e.g. "secret/app": the mount serving it is described.' } },
      helpSynopsis: 'The mount that serves a path, with its type and options (the KV preflight of the Vault CLI).',
      operations: {
        read: {
          summary: 'Describe the mount serving a path.',
          handler: async (data) => {
            const requested = data.get<string>('path').replace(/^\/+/, '');
            const served = mountServing(deps, requested);
            if (served === undefined) {
              const shown = requested.endsWith('/') ? requested : `${requested}/`;
              throw new CoreError('permission_denied', `preflight capability check returned 403, please ensure client's policies grant access to path "${shown}" (no mount serves it: list sys/mounts)`, {
                httpStatus: 403,
                path: shown,
              });
            }
            return { data: { ...served.mount, path: served.path } };
          },
        },
      },
    },
  ];
}
