/** A mount served by a plugin process: every call goes through the supervisor. */
import type { VaultAuth } from '../../../plugin-host';
import type { VaultAuth as AuthBlock } from '../../common/contract/requests';
import type { MountEntry } from '../mounts/mount-table';
import type { PluginRuntime } from '../plugins/plugin-runtime';
import { CoreError } from '../core-errors';
import type { RouteTarget, TargetRequest } from './route-target';
import { specialPathClasses } from './special-paths';

/** Turns an auth plugin's login reply into a token (`tokens/login-tokens.ts`). */
export interface LoginIssuer {
  issue(mount: MountEntry, loginPath: string, auth: VaultAuth): { auth: AuthBlock; warnings: string[] };
}

export function pluginMountTarget(plugins: PluginRuntime, mount: MountEntry, relativePath: string, fullPath: string, logins?: LoginIssuer): RouteTarget {
  // Read at each call, as the router always did: the runtime owns which supervisor is current.
  const supervisor = () => plugins.supervisor;
  // The caller's token stays in the core: a plugin learns nothing of it.
  const toPlugin = ({ token: _token, ...request }: TargetRequest) => ({ ...request, mountType: mount.pluginName, mountAccessor: mount.accessor });
  const specialPaths = async () => (await supervisor().ensureMounted(mount.uuid)).specialPaths;
  return {
    mount: { path: mount.path, type: mount.pluginName, accessor: mount.accessor, uuid: mount.uuid },
    relativePath,
    leaseMount: mount,
    nothingFound: `Nothing is stored at "${fullPath}".`,
    auditsHelp: true,
    auditPath: (plannedPath) => mount.path + plannedPath,
    // Starts the plugin if needed (as the request would) and gives its special paths.
    prepare: specialPaths,
    existenceCheck: (request) => supervisor().existenceCheck(mount.uuid, toPlugin(request)),
    handle: async (request) => {
      const reply = await plugins.capture.during(mount.uuid, request.id, () => supervisor().request(mount.uuid, toPlugin(request)));
      const response = reply.response;
      // An auth method's reply that carries an Auth is a login: it becomes a token, as in Vault.
      if (mount.pluginType !== 'auth' || response === null || response.auth === undefined || logins === undefined) return reply;
      // Only on a login path: elsewhere OpenBao's core answers 500 "internal error" and issues nothing.
      if (!specialPathClasses(await specialPaths(), request.path).includes('unauthenticated')) {
        throw new CoreError('auth_outside_login', `The auth plugin "${mount.pluginName}" answered a login (an Auth) on "${mount.path + request.path}", which is not one of its unauthenticated (login) paths, so no token was issued (Vault answers 500 "internal error"). Log in on the plugin's login path instead; this is a fault in the plugin: report it to its author.`, { httpStatus: 500, path: mount.path + request.path });
      }
      const issued = logins.issue(mount, mount.path + request.path, response.auth);
      return { ...reply, response: { ...response, auth: undefined, warnings: [...response.warnings, ...issued.warnings] }, auth: issued.auth };
    },
    help: async (requestId) => {
      const { response, storage } = await supervisor().request(mount.uuid, toPlugin({ id: requestId, operation: 'help', path: relativePath, data: {} }));
      const data = response?.data ?? {};
      return {
        help: typeof data['help'] === 'string' ? data['help'] : '',
        seeAlso: Array.isArray(data['see_also']) ? data['see_also'].filter((item): item is string => typeof item === 'string') : [],
        openapi: isObject(data['openapi']) ? data['openapi'] : null,
        storage,
      };
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
