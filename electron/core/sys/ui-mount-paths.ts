/**
 * `sys/internal/ui/mounts[/<path>]`: the mount lists Vault's clients read before a
 * request. The CLI's `kv` commands ask `internal/ui/mounts/<path>` which mount serves a path and
 * whether it is KV v1 or v2 (`options.version`, a string); a path under no mount is a 403 with
 * Vault's "preflight capability check" text, never a 404, so the answer does not tell which mounts
 * exist. A token sees only the mounts its policies reach (Vault's `hasMountAccess`), and is told
 * the same 403 for a mount it may not see as for no mount at all. Without a token (the HTTP layer
 * lets these through) nobody sees anything: empty lists, 403, as OpenBao answers.
 */
import { CoreError } from '../core-errors';
import type { Acl } from '../policies/acl';
import type { RequestContext, SystemPath } from './declare';
import type { SystemBackendDeps } from './system-deps';
import { mountServing, vaultAuthMounts, vaultMounts } from './vault-mounts';

export function uiMountPaths(deps: SystemBackendDeps): SystemPath[] {
  /** The caller's ACL; undefined for the owner (the UI), who sees everything. */
  const aclOf = (context?: RequestContext): Acl | undefined => (context?.token === undefined ? undefined : deps.policies.acl(context.token.policies));
  const visible = <T>(mounts: Record<string, T>, prefix: string, acl: Acl | undefined) =>
    acl === undefined ? mounts : Object.fromEntries(Object.entries(mounts).filter(([path]) => acl.hasMountAccess(prefix + path)));
  const all = async (_data: unknown, _operation: unknown, context?: RequestContext) => {
    // Nobody (no token over the API) sees no mount, as Vault shows only mounts listed as unauthenticated.
    if (context?.anonymous === true) return { data: { secret: {}, auth: {} } };
    const acl = aclOf(context);
    return { data: { secret: visible(vaultMounts(deps), '', acl), auth: visible(vaultAuthMounts(deps), 'auth/', acl) } };
  };
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
          handler: async (data, _operation, context) => {
            if (context?.anonymous === true) throw new CoreError('permission_denied', 'permission denied', { httpStatus: 403 });
            const requested = data.get<string>('path').replace(/^\/+/, '');
            const served = mountServing(deps, requested);
            const acl = aclOf(context);
            const shown = requested.endsWith('/') ? requested : `${requested}/`;
            const refusal = (hint: string) =>
              new CoreError('permission_denied', `preflight capability check returned 403, please ensure client's policies grant access to path "${shown}"${hint}`, { httpStatus: 403, path: shown });
            // A token that may not see the mount is told what it would be told for no mount at all.
            // An auth method is named by its auth-table path (`jwt/`); its access is asked of `auth/jwt/`.
            const fullMountPath = served === undefined ? '' : requested.startsWith('auth/') ? `auth/${served.path}` : served.path;
            if (served !== undefined && acl !== undefined && !acl.hasMountAccess(fullMountPath)) throw refusal('');
            if (served === undefined) throw refusal(acl === undefined || acl.root ? ' (no mount serves it: list sys/mounts)' : '');
            return { data: { ...served.mount, path: served.path } };
          },
        },
      },
    },
  ];
}
