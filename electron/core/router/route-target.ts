/**
 * What a request is routed to: a plugin mount (`plugin-mount-target.ts`) or a built-in backend
 * (`builtin-backends.ts`). The router's pipeline (`request-router.ts`) plans, audits, runs the
 * request on a target, interprets the reply and builds the result the same way for both; a target
 * only says who it is and how to reach its backend.
 */
import type { ExistenceCheckResult, StorageTrace, VaultOperation, VaultResponse, VaultSpecialPaths } from '../../../plugin-host';
import type { RequestMountView, RequestResult, SecretView, VaultAuth } from '../../common/contract/requests';
import type { CallerToken } from '../tokens/token-entry';
import type { MountEntry } from '../mounts/mount-table';

/** One request as a target receives it: the path is relative to the target's mount. */
export interface TargetRequest {
  id: string;
  operation: VaultOperation;
  path: string;
  data: Record<string, unknown>;
  /** The caller (absent for the UI); built-in backends read it, plugins are not sent it. */
  token?: CallerToken;
  /** The caller may use sudo on this path (see `RequestContext.sudo`). */
  sudo?: boolean;
  /** The wrap TTL asked for (seconds); `sys/wrapping/wrap` needs one, `rewrap` may shorten by it. */
  wrapTtl?: number;
  /** No token, over the Vault API (see `RequestArgs.anonymous`). */
  anonymous?: boolean;
}

export interface TargetReply {
  response: VaultResponse | null;
  /** The storage calls the backend made while answering (a built-in backend reports none). */
  storage: StorageTrace[];
  /** A lease the reply is about that is already registered (a built-in's renewal), instead of one to register. */
  lease?: SecretView;
  /** A token the backend issued or renewed (the built-in token backend). */
  auth?: VaultAuth;
  /** A whole result to answer as it is (`sys/wrapping/unwrap`'s stored reply, `rewrap`'s new wrapping). */
  result?: RequestResult;
}

export interface TargetHelp {
  help: string;
  seeAlso: string[];
  openapi: Record<string, unknown> | null;
  storage: StorageTrace[];
}

export interface RouteTarget {
  /** The mount the result reports; its path and type are also the audit entry's mount. */
  readonly mount: RequestMountView;
  /** The request path relative to the mount ('' for the mount root). */
  readonly relativePath: string;
  /** The mount a leased secret is registered under (built-in backends issue no leases). */
  readonly leaseMount: MountEntry | null;
  /** The `not_found` message for a read or list that got no reply. */
  readonly nothingFound: string;
  /**
   * Help from a plugin is a request to its process and audited like one; a built-in backend
   * answers help from its declarations in process, unaudited.
   */
  readonly auditsHelp: boolean;
  /** The path the audit log shows for an operation on `plannedPath`. */
  auditPath(plannedPath: string): string;
  /** Makes the backend ready (a plugin starts if needed) and gives its special paths. */
  prepare(): Promise<VaultSpecialPaths | undefined>;
  /** Decides create vs update for a write; a target without one treats every write as an update. */
  existenceCheck?(request: TargetRequest): Promise<ExistenceCheckResult>;
  handle(request: TargetRequest): Promise<TargetReply>;
  help(requestId: string): Promise<TargetHelp>;
}
