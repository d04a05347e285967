/**
 * Backends built into the core (`sys/`, `auth/token/`), served through the same pipeline as plugin mounts
 * and found first, by their prefix, in the table the composition root builds:
 * `builtinBackends([system])`. Adding one is adding it to that list; its mount path must also be
 * reserved so no plugin mount can take it (as `mounts/mount-path.ts` reserves `sys/`).
 */
import type { VaultOperation, VaultResponse, VaultSpecialPaths } from '../../../plugin-host';
import type { RequestMountView, RequestResult, SecretView, VaultAuth } from '../../common/contract/requests';
import type { CallerToken } from '../tokens/token-entry';
import type { RouteTarget } from './route-target';
import { matchMount } from './route-match';

export interface BuiltinReply {
  data: Record<string, unknown> | null;
  warnings?: string[];
  /** A lease the reply is about, already held by the lease manager (sys/leases/renew answers the renewed lease, as Vault does). */
  secret?: SecretView;
  /** A token issued or renewed (auth/token/create, renew…). */
  auth?: VaultAuth;
  /** A whole result to answer as it is (the stored reply `sys/wrapping/unwrap` hands out, `rewrap`'s new wrapping). */
  result?: RequestResult;
}

/** Who sends a request: the authenticated token (Vault HTTP API), or none (the UI, as the owner). */
export interface RequestContext {
  token?: CallerToken;
  /**
   * The caller's policies grant `sudo` on the request path (always so for the owner): what the
   * token store's sudo-only options (orphans, chosen ids, periods, any policies) ask for.
   */
  sudo?: boolean;
  /** The wrap TTL the request asked for, in seconds. */
  wrapTtl?: number;
  /** Sent over the Vault API without any token: nobody, not the owner (`RequestArgs.anonymous`). */
  anonymous?: boolean;
}

/** A backend that runs in process; `mount.path` is the prefix it serves (`sys/`). */
export interface BuiltinBackend {
  readonly mount: RequestMountView;
  /** `path` is relative to the mount; `null` means no reply (204, or `not_found` for a read). */
  handle(operation: VaultOperation, path: string, data: Record<string, unknown>, context: RequestContext): Promise<BuiltinReply | null>;
  /** Help text and OpenAPI document of the backend (path `''`) or of its path `path`. */
  help(path: string): { help: string; openapi: Record<string, unknown> };
  /** Vault's root (sudo) and unauthenticated path patterns, relative to the mount. */
  readonly specialPaths?: Pick<VaultSpecialPaths, 'root' | 'unauthenticated'>;
}

export class BuiltinBackends {
  private readonly byPrefix: ReadonlyMap<string, BuiltinBackend>;

  constructor(backends: readonly BuiltinBackend[]) {
    this.byPrefix = new Map(backends.map((backend) => [backend.mount.path, backend]));
  }

  /** The built-in backend serving `fullPath` (`sys` alone finds `sys/`, as a mount would), if any. */
  route(fullPath: string): RouteTarget | undefined {
    const match = matchMount(fullPath, this.byPrefix);
    return match === undefined ? undefined : builtinTarget(match.mount, match.relativePath, fullPath);
  }
}

function builtinTarget(backend: BuiltinBackend, relativePath: string, fullPath: string): RouteTarget {
  return {
    mount: backend.mount,
    relativePath,
    leaseMount: null,
    nothingFound: `Nothing is at "${fullPath}".`,
    auditsHelp: false,
    // The path as asked, not the planned one (a list of `sys/mounts` is audited as `sys/mounts`).
    auditPath: () => fullPath,
    prepare: async () => (backend.specialPaths === undefined ? undefined : { ...backend.specialPaths, localStorage: [], sealWrapStorage: [] }),
    // No existence check: a write is an update, as in Vault's sys paths.
    handle: async ({ operation, path, data, token, sudo, wrapTtl, anonymous }) => {
      const context: RequestContext = { ...(token === undefined ? {} : { token }), ...(sudo === undefined ? {} : { sudo }), ...(wrapTtl === undefined ? {} : { wrapTtl }), ...(anonymous === true ? { anonymous } : {}) };
      const reply = await backend.handle(operation, path, data, context);
      return {
        response: asResponse(reply, backend.mount.type),
        storage: [],
        ...(reply?.auth === undefined ? {} : { auth: reply.auth }),
        ...(reply?.secret === undefined ? {} : { lease: reply.secret }),
        ...(reply?.result === undefined ? {} : { result: reply.result }),
      };
    },
    help: async () => ({ ...backend.help(relativePath), seeAlso: [], storage: [] }),
  };
}

/** A built-in reply in the shape a plugin's takes, so one interpretation serves both. */
function asResponse(reply: BuiltinReply | null, mountType: string): VaultResponse | null {
  if (reply === null) return null;
  return { data: reply.data, warnings: reply.warnings ?? [], secret: undefined, redirect: '', headers: {}, wrapInfo: undefined, mountType, auth: undefined };
}
