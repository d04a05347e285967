/**
 * Every request, whoever sends it (the UI, the headless mode, later an HTTP API), goes through one
 * pipeline here: route (a built-in backend by its prefix, else the mount by longest prefix) → plan
 * the Vault operation → audit the request → run it on the target's backend → interpret the reply →
 * register a leased secret → build the result → audit the response (or the failure). Plugin
 * mounts and built-in backends are two kinds of `RouteTarget`; neither builds a result itself.
 */
import { randomUUID } from 'node:crypto';
import type { StorageTrace, VaultOperation, VaultResponse } from '../../../plugin-host';
import type { HelpResult, RequestOperation, RequestResult, SecretView } from '../../common/contract/requests';
import { CoreError } from '../core-errors';
import { needsLease } from '../leases/lease';
import type { LeaseManager } from '../leases/lease-manager';
import type { MountTable } from '../mounts/mount-table';
import type { PluginRuntime } from '../plugins/plugin-runtime';
import type { AccessCheck } from '../policies/access-check';
import { permissionDenied } from '../policies/access-check';
import type { CallerToken } from '../tokens/token-entry';
import type { BuiltinBackends } from './builtin-backends';
import { createOrUpdate, planOperation } from './operation';
import { pluginMountTarget, type LoginIssuer } from './plugin-mount-target';
import { interpretReply, type InterpretedReply } from './raw-reply';
import { aclOperation, aclPath, authoriseRequest } from './request-access';
import type { AuditedRequest, RequestAudit } from './request-audit';
import { traceEntry, withRequestDetail } from './request-detail';
import { matchMount, normaliseRequestPath } from './route-match';
import type { RouteTarget } from './route-target';
import { specialPathClasses } from './special-paths';

export interface RequestArgs {
  path: string;
  operation: RequestOperation;
  data?: Record<string, unknown>;
  /**
   * The caller, authenticated by the Vault HTTP API (`TokenStore.authenticate`): each request
   * spends one of its uses and the audit log records its accessor. Absent: the UI, as the owner.
   */
  token?: CallerToken;
  /**
   * Sent without a token to one of its plugin's unauthenticated special paths (a login): the
   * router checks that the path is one (`pathAccess`), and the request acts as nobody, not the owner.
   */
  unauthenticated?: boolean;
  /** Seconds: answer a wrapping token instead of the reply (Vault's `X-Vault-Wrap-TTL`); 0 or absent: no wrapping. */
  wrapTtl?: number;
  /**
   * Sent over the Vault API without a token to a path served without one (`sys/internal/ui/mounts`):
   * not the owner, so such a path answers as Vault does for nobody (no mounts, 403).
   */
  anonymous?: boolean;
}

/** Wraps a result (`wrapping/response-wrapping.ts`). */
export interface ResultWrapper {
  wrap(result: RequestResult, ttlSeconds: number, creationPath: string): RequestResult;
}

/** Whether a request on a path needs a token: `unauthenticated` for a plugin's unauthenticated special path, `unrouted` when no mount serves it. */
export type PathAccess = 'token' | 'unauthenticated' | 'unrouted';

/** How a request spends one use of its caller's token (`TokenStore.spend`). */
export interface TokenUses {
  spend<T>(caller: CallerToken, run: (lastUse: boolean) => Promise<T>): Promise<T>;
}

export interface RequestRouterDeps {
  table: MountTable;
  plugins: PluginRuntime;
  leases: LeaseManager;
  audit: RequestAudit;
  /** Found before the mount table: their prefixes are reserved, no mount can take them. */
  builtins: BuiltinBackends;
  tokens: TokenUses;
  /** Asked about every request with a token (`request-access.ts`); the UI, as the owner, is not asked. */
  access: AccessCheck;
  wrapping: ResultWrapper;
  /** Issues tokens for auth plugins' logins; without it a login reply grants nothing. */
  logins?: LoginIssuer;
}

export class RequestRouter {
  constructor(private readonly deps: RequestRouterDeps) {}

  async handle(args: RequestArgs): Promise<RequestResult> {
    const caller = args.token;
    return caller === undefined ? this.serve(args, false) : this.deps.tokens.spend(caller, (lastUse) => this.serve(args, lastUse));
  }

  /** `lastUse`: the caller's token is used up by this request (its leases go with it). */
  private async serve(args: RequestArgs, lastUse: boolean): Promise<RequestResult> {
    const requestId = randomUUID();
    const started = performance.now();
    const fullPath = normaliseRequestPath(args.path);
    const data = args.data ?? {};
    const target = this.routeAuthorised(fullPath, args);
    const plan = planOperation(args.operation, fullPath, target.relativePath);
    const audited = auditedRequest(requestId, target, plan.operation, target.auditPath(plan.path), args.token);
    const { audit } = this.deps;
    let traced: StorageTrace[] = [];
    let requestAudited = false;
    let responseAudited = false;
    try {
      const specialPaths = await target.prepare();
      // A tokenless login must be on an unauthenticated path the started plugin declares (not a guess).
      if (args.unauthenticated === true && !specialPathClasses(specialPaths, plan.path).includes('unauthenticated')) {
        throw new CoreError('permission_denied', 'permission denied', { httpStatus: 403, path: fullPath });
      }
      const wrapTtl = args.wrapTtl !== undefined && args.wrapTtl > 0 ? args.wrapTtl : undefined;
      const request = { id: requestId, operation: plan.operation, path: plan.path, data, ...(args.token === undefined ? {} : { token: args.token }), ...(wrapTtl === undefined ? {} : { wrapTtl }), ...(args.anonymous === true ? { anonymous: true } : {}) };
      if (plan.needsExistenceCheck && target.existenceCheck !== undefined) {
        audited.operation = createOrUpdate(await target.existenceCheck({ ...request, operation: 'update' }));
      }
      const operation = audited.operation as VaultOperation;
      // Refused here, the request is still audited (request and refusal), as Vault logs failed attempts.
      // A login, or any request without a token over the API, acts as nobody: no sudo.
      const sudo = args.unauthenticated !== true && args.anonymous !== true && authoriseRequest(this.deps.access, { caller: args.token, operation, fullPath, relativePath: plan.path, data, specialPaths, ...(wrapTtl === undefined ? {} : { wrapTtl }) });
      await audit.request(audited, data);
      requestAudited = true;
      const { response, storage, auth, lease, result: answered } = await target.handle({ ...request, operation, sudo });
      traced = storage;
      if (answered !== undefined) {
        // An unwrapped or rewrapped reply: answered as stored (audited as what the client gets).
        await audit.response(audited, { data: answered.data, warnings: answered.warnings, leaseId: answered.secret?.leaseId, auth: answered.auth, wrapInfo: answered.wrapInfo }, performance.now() - started);
        return answered;
      }
      if (response === null && (operation === 'read' || operation === 'list')) {
        throw new CoreError('not_found', target.nothingFound, { httpStatus: 404, path: fullPath });
      }
      let reply: InterpretedReply;
      try {
        reply = interpretReply(response, fullPath);
      } catch (error) {
        // Vault's audit logs the plugin's reply before its HTTP layer refuses it: so do we, with the error.
        await audit.response(audited, { data: response?.data ?? null, warnings: response?.warnings ?? [], error }, performance.now() - started);
        responseAudited = true;
        throw error;
      }
      const registered = lease === undefined ? this.registerLease(target, plan.path, response, args.token) : null;
      // As Vault: a lease this request made is revoked with the used-up token, so its secret is not
      // handed out (a lease the reply is only about, as sys/leases/renew's, is not the token's).
      if (lastUse && registered?.leaseId) throw usedUpLease();
      const secret = lease ?? registered;
      let result: RequestResult = {
        requestId,
        status: reply.status,
        operation,
        mount: target.mount,
        path: plan.path,
        data: reply.data,
        raw: reply.raw,
        warnings: reply.warnings,
        secret,
        auth: auth ?? null,
        wrapInfo: null,
        redirect: response?.redirect ? response.redirect : null,
        specialPaths: specialPathClasses(specialPaths, plan.path),
        trace: storage.map(traceEntry),
        durationMs: performance.now() - started,
      };
      // Vault wraps any reply there is (204 is none), a plugin's raw 4xx included (OpenBao wraps
      // KV's raw 404 for a metadata patch of nothing); errors were thrown before this.
      if (wrapTtl !== undefined && result.status !== 204) result = this.deps.wrapping.wrap(result, wrapTtl, fullPath);
      // Audited as the backend answered, as Vault's audit does: a raw body is HMAC'd as the string
      // it arrived as (base64 for Go's []byte), not as the bytes or text the contract returns.
      await audit.response(audited, { data: result.wrapInfo === null ? (response?.data ?? null) : null, warnings: response?.warnings ?? [], leaseId: secret?.leaseId, auth: result.auth, wrapInfo: result.wrapInfo }, result.durationMs);
      return result;
    } catch (error) {
      if (!requestAudited) await audit.request(audited, data);
      if (!responseAudited) await audit.failure(audited, error, performance.now() - started);
      throw withRequestDetail(error, requestId, traced);
    }
  }

  /**
   * Audits a request the API refused for its token (none, unknown, expired, revoked), with the
   * refusal as its error: Vault audits such a request, so failed attempts show in the log. Its
   * data is not read (nothing of an unauthenticated body is kept).
   */
  async auditRefusedToken(rawPath: string, operation: string): Promise<void> {
    const fullPath = normaliseRequestPath(rawPath);
    const refusal = new CoreError('permission_denied', 'permission denied', { httpStatus: 403, path: fullPath });
    let mount: { path: string | null; type: string | null } = { path: null, type: null };
    try {
      mount = this.route(fullPath).mount;
    } catch {
      // No mount serves it: audited under none, as the request names no mount.
    }
    const audited: AuditedRequest = { requestId: randomUUID(), operation, mountPath: mount.path, mountType: mount.type, path: fullPath, accessor: null };
    await this.deps.audit.request(audited, null);
    await this.deps.audit.failure(audited, refusal, 0);
  }

  /**
   * Whether a request on `rawPath` needs a token (Vault's `PathsSpecial.Unauthenticated` of the
   * plugin serving it), decided on the path the operation reaches: a list of `login` is of
   * `login/`, as Vault's HTTP layer adds the `/` before it checks (so `login/*` matches).
   */
  async pathAccess(rawPath: string, operation: RequestOperation = 'read'): Promise<PathAccess> {
    const fullPath = normaliseRequestPath(rawPath);
    let target: RouteTarget;
    try {
      target = this.route(fullPath);
    } catch {
      return 'unrouted';
    }
    return this.accessOf(target, planOperation(operation, fullPath, target.relativePath).path);
  }

  private async accessOf(target: RouteTarget, relativePath: string): Promise<PathAccess> {
    if (target.leaseMount === null) return 'token';
    let paths;
    try {
      paths = await target.prepare();
    } catch {
      // The plugin cannot start: a login to an auth method goes on and fails with the plugin's reason.
      return target.leaseMount.pluginType === 'auth' ? 'unauthenticated' : 'token';
    }
    return specialPathClasses(paths, relativePath).includes('unauthenticated') ? 'unauthenticated' : 'token';
  }

  async help(rawPath: string): Promise<HelpResult> {
    const requestId = randomUUID();
    const started = performance.now();
    const fullPath = normaliseRequestPath(rawPath);
    const target = this.route(fullPath);
    const audited = target.auditsHelp ? auditedRequest(requestId, target, 'help', fullPath) : undefined;
    if (audited !== undefined) await this.deps.audit.request(audited, null);
    try {
      const { help, seeAlso, openapi, storage } = await target.help(requestId);
      const result: HelpResult = {
        requestId,
        mount: target.mount,
        path: target.relativePath,
        help,
        seeAlso,
        openapi,
        trace: storage.map(traceEntry),
        durationMs: performance.now() - started,
      };
      // The help text is no secret, and redacting a whole OpenAPI document would bloat the log.
      if (audited !== undefined) await this.deps.audit.response(audited, { data: null }, result.durationMs);
      return result;
    } catch (error) {
      if (audited !== undefined) await this.deps.audit.failure(audited, error, performance.now() - started);
      throw withRequestDetail(error, requestId, []);
    }
  }

  /**
   * Routes a request; a path no mount serves is refused with 403 rather than 404 when the caller's
   * policies would not allow it anyway, as Vault's ACL check comes first (a limited token learns
   * nothing about which mounts exist).
   */
  private routeAuthorised(fullPath: string, args: RequestArgs): RouteTarget {
    try {
      return this.route(fullPath);
    } catch (error) {
      const caller = args.token;
      if (caller !== undefined && error instanceof CoreError && error.code === 'no_mount') {
        const operation = aclOperation(args.operation === 'write' ? 'update' : args.operation === 'read' && fullPath.endsWith('/') ? 'list' : args.operation);
        if (!this.deps.access(caller, operation, aclPath(fullPath, operation), args.data ?? {}).allowed) throw permissionDenied(fullPath);
      }
      throw error;
    }
  }

  private route(fullPath: string): RouteTarget {
    const builtin = this.deps.builtins.route(fullPath);
    if (builtin !== undefined) return builtin;
    const match = matchMount(fullPath, this.deps.table.byPath());
    if (match === undefined) {
      throw new CoreError('no_mount', `No mount serves "${fullPath}". Its first segment should be a mount path (see Mounts).`, {
        httpStatus: 404,
        path: fullPath,
      });
    }
    return pluginMountTarget(this.deps.plugins, match.mount, match.relativePath, fullPath, this.deps.logins);
  }

  /** A leased secret is bound to the caller's token (revoked with it, as in Vault); the UI's to none. */
  private registerLease(target: RouteTarget, path: string, response: VaultResponse | null, caller: CallerToken | undefined): SecretView | null {
    const secret = response?.secret;
    if (secret === undefined) return null;
    if (target.leaseMount === null || !needsLease(secret, target.leaseMount)) return { leaseId: null, ttlSeconds: secret.lease.ttlSeconds, renewable: false };
    const record = this.deps.leases.register(target.leaseMount, path, secret, response?.data ?? null, caller?.accessor);
    return { leaseId: record.leaseId, ttlSeconds: Math.round((record.expireTime - record.issueTime) / 1000), renewable: record.renewable };
  }
}

function auditedRequest(requestId: string, target: RouteTarget, operation: string, path: string, caller?: CallerToken): AuditedRequest {
  return { requestId, operation, mountPath: target.mount.path, mountType: target.mount.type, path, accessor: caller?.accessor ?? null };
}

function usedUpLease(): CoreError {
  return new CoreError(
    'invalid_request',
    'Secret cannot be returned; token had one use left, so leased credentials were immediately revoked. Read it with a token that has uses to spare (num_uses 0 is unlimited).',
    { httpStatus: 400 },
  );
}
