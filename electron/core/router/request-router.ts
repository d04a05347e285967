/**
 * Every request, whoever sends it (the UI, the headless mode, later an HTTP API), goes through
 * here: route by longest prefix (or to the built-in `sys/`), decide the Vault operation, send it
 * to the plugin through the supervisor, register a leased secret, audit request and response, and
 * return the plain result with the plugin's storage trace and timing.
 */
import { randomUUID } from 'node:crypto';
import type { StorageTrace, VaultOperation, VaultResponse } from '../../../plugin-host';
import type { HelpResult, RequestMountView, RequestOperation, RequestResult, SecretView, StorageTraceEntry } from '../../common/contract/requests';
import { ContractError, toContractError } from '../../common/errors';
import { CoreError } from '../core-errors';
import { needsLease } from '../leases/lease';
import type { LeaseManager } from '../leases/lease-manager';
import { SYSTEM_MOUNT_PATH } from '../mounts/mount-path';
import { SYSTEM_MOUNT_UUID } from '../mounts/mount-service';
import type { MountEntry, MountTable } from '../mounts/mount-table';
import type { PluginRuntime } from '../plugins/plugin-runtime';
import { createOrUpdate, planOperation } from './operation';
import { interpretReply, type InterpretedReply } from './raw-reply';
import type { AuditedRequest, RequestAudit } from './request-audit';
import { matchMount, normaliseRequestPath } from './route-match';
import { specialPathClasses } from './special-paths';

export interface SystemReply {
  data: Record<string, unknown> | null;
  warnings?: string[];
  /** A lease the reply is about (sys/leases/renew answers the renewed lease, as Vault does). */
  secret?: SecretView;
}

/** The built-in `sys/` backend, served through the same router. */
export interface SystemBackend {
  handle(operation: VaultOperation, path: string, data: Record<string, unknown>): Promise<SystemReply | null>;
  /** Help text and OpenAPI document of `sys/` (path `''`) or of the sys path `path`. */
  help(path: string): { help: string; openapi: Record<string, unknown> };
}

export interface RequestArgs {
  path: string;
  operation: RequestOperation;
  data?: Record<string, unknown>;
}

const SYSTEM_MOUNT: RequestMountView = { path: SYSTEM_MOUNT_PATH, type: 'system', accessor: 'system', uuid: SYSTEM_MOUNT_UUID };

export class RequestRouter {
  constructor(
    private readonly table: MountTable,
    private readonly plugins: PluginRuntime,
    private readonly leases: LeaseManager,
    private readonly audit: RequestAudit,
    private readonly system: SystemBackend,
  ) {}

  async handle(args: RequestArgs): Promise<RequestResult> {
    const requestId = randomUUID();
    const started = performance.now();
    const fullPath = normaliseRequestPath(args.path);
    const data = args.data ?? {};
    if (isSystemPath(fullPath)) return this.handleSystem(requestId, started, fullPath, args.operation, data);

    const { mount, relativePath } = this.route(fullPath);
    const plan = planOperation(args.operation, fullPath, relativePath);
    const audited: AuditedRequest = { requestId, operation: plan.operation, mountPath: mount.path, mountType: mount.pluginName, path: mount.path + plan.path };
    const base = { id: requestId, path: plan.path, data, mountType: mount.pluginName, mountAccessor: mount.accessor };
    let traced: StorageTrace[] = [];
    let requestAudited = false;
    let responseAudited = false;
    try {
      // Starts the plugin if needed (as the request would) and gives its special paths.
      const { specialPaths } = await this.plugins.supervisor.ensureMounted(mount.uuid);
      if (plan.needsExistenceCheck) {
        audited.operation = createOrUpdate(await this.plugins.supervisor.existenceCheck(mount.uuid, { ...base, operation: 'update' }));
      }
      this.audit.request(audited, data);
      requestAudited = true;
      const operation = audited.operation as VaultOperation;
      const { response, storage } = await this.plugins.supervisor.request(mount.uuid, { ...base, operation });
      traced = storage;
      if (response === null && (operation === 'read' || operation === 'list')) {
        throw new CoreError('not_found', `Nothing is stored at "${fullPath}".`, { httpStatus: 404, path: fullPath });
      }
      let reply: InterpretedReply;
      try {
        reply = interpretReply(response, fullPath);
      } catch (error) {
        // Vault's audit logs the plugin's reply before its HTTP layer refuses it: so do we, with the error.
        this.audit.response(audited, { data: response?.data ?? null, warnings: response?.warnings ?? [], error }, performance.now() - started);
        responseAudited = true;
        throw error;
      }
      const secret = this.registerLease(mount, plan.path, response);
      const result: RequestResult = {
        requestId,
        status: reply.status,
        operation,
        mount: mountView(mount),
        path: plan.path,
        data: reply.data,
        raw: reply.raw,
        warnings: reply.warnings,
        secret,
        redirect: response?.redirect ? response.redirect : null,
        specialPaths: specialPathClasses(specialPaths, plan.path),
        trace: storage.map(traceEntry),
        durationMs: performance.now() - started,
      };
      // Audited as the plugin answered, as Vault's audit does: a raw body is HMAC'd as the string
      // it arrived as (base64 for Go's []byte), not as the bytes or text the contract returns.
      this.audit.response(audited, { data: response?.data ?? null, warnings: response?.warnings ?? [], leaseId: secret?.leaseId }, result.durationMs);
      return result;
    } catch (error) {
      if (!requestAudited) this.audit.request(audited, data);
      if (!responseAudited) this.audit.failure(audited, error, performance.now() - started);
      throw withRequestDetail(error, requestId, traced);
    }
  }

  async help(rawPath: string): Promise<HelpResult> {
    const requestId = randomUUID();
    const started = performance.now();
    const fullPath = normaliseRequestPath(rawPath);
    if (isSystemPath(fullPath)) {
      const path = fullPath.slice(SYSTEM_MOUNT_PATH.length);
      try {
        const { help, openapi } = this.system.help(path);
        return { requestId, mount: SYSTEM_MOUNT, path, help, seeAlso: [], openapi, trace: [], durationMs: performance.now() - started };
      } catch (error) {
        throw withRequestDetail(error, requestId, []);
      }
    }
    const { mount, relativePath } = this.route(fullPath);
    const audited: AuditedRequest = { requestId, operation: 'help', mountPath: mount.path, mountType: mount.pluginName, path: fullPath };
    this.audit.request(audited, null);
    try {
      const { response, storage } = await this.plugins.supervisor.request(mount.uuid, {
        id: requestId,
        operation: 'help',
        path: relativePath,
        data: {},
        mountType: mount.pluginName,
        mountAccessor: mount.accessor,
      });
      const data = response?.data ?? {};
      const result: HelpResult = {
        requestId,
        mount: mountView(mount),
        path: relativePath,
        help: typeof data['help'] === 'string' ? data['help'] : '',
        seeAlso: Array.isArray(data['see_also']) ? data['see_also'].filter((item): item is string => typeof item === 'string') : [],
        openapi: isObject(data['openapi']) ? data['openapi'] : null,
        trace: storage.map(traceEntry),
        durationMs: performance.now() - started,
      };
      // The help text is no secret, and redacting a whole OpenAPI document would bloat the log.
      this.audit.response(audited, { data: null }, result.durationMs);
      return result;
    } catch (error) {
      this.audit.failure(audited, error, performance.now() - started);
      throw withRequestDetail(error, requestId, []);
    }
  }

  private route(fullPath: string): { mount: MountEntry; relativePath: string } {
    const match = matchMount(fullPath, this.table.byPath());
    if (match === undefined) {
      throw new CoreError('no_mount', `No mount serves "${fullPath}". Its first segment should be a mount path (see Mounts).`, {
        httpStatus: 404,
        path: fullPath,
      });
    }
    return { mount: match.mount, relativePath: match.relativePath };
  }

  private registerLease(mount: MountEntry, path: string, response: VaultResponse | null): SecretView | null {
    const secret = response?.secret;
    if (secret === undefined) return null;
    if (!needsLease(secret)) return { leaseId: null, ttlSeconds: secret.lease.ttlSeconds, renewable: false };
    const record = this.leases.register(mount, path, secret, response?.data ?? null);
    return { leaseId: record.leaseId, ttlSeconds: Math.round((record.expireTime - record.issueTime) / 1000), renewable: record.renewable };
  }

  private async handleSystem(requestId: string, started: number, fullPath: string, requested: RequestOperation, data: Record<string, unknown>): Promise<RequestResult> {
    const path = fullPath.slice(SYSTEM_MOUNT_PATH.length);
    const plan = planOperation(requested, fullPath, path);
    // The system backend has no existence check: a write is an update, as in Vault's sys paths.
    const audited: AuditedRequest = { requestId, operation: plan.operation, mountPath: SYSTEM_MOUNT_PATH, mountType: 'system', path: fullPath };
    this.audit.request(audited, data);
    try {
      const reply = await this.system.handle(plan.operation, plan.path, data);
      if (reply === null && (plan.operation === 'read' || plan.operation === 'list')) {
        throw new CoreError('not_found', `Nothing is at "${fullPath}".`, { httpStatus: 404, path: fullPath });
      }
      const durationMs = performance.now() - started;
      const result: RequestResult = {
        requestId,
        status: reply === null ? 204 : 200,
        operation: plan.operation,
        mount: SYSTEM_MOUNT,
        path: plan.path,
        data: reply?.data ?? null,
        raw: null,
        warnings: reply?.warnings ?? [],
        secret: reply?.secret ?? null,
        redirect: null,
        specialPaths: [],
        trace: [],
        durationMs,
      };
      this.audit.response(audited, { data: result.data, warnings: result.warnings, leaseId: reply?.secret?.leaseId ?? undefined }, durationMs);
      return result;
    } catch (error) {
      this.audit.failure(audited, error, performance.now() - started);
      throw withRequestDetail(error, requestId, []);
    }
  }
}

function isSystemPath(fullPath: string): boolean {
  return fullPath === 'sys' || fullPath.startsWith(SYSTEM_MOUNT_PATH);
}

function mountView(mount: MountEntry): RequestMountView {
  return { path: mount.path, type: mount.pluginName, accessor: mount.accessor, uuid: mount.uuid };
}

function traceEntry(trace: StorageTrace): StorageTraceEntry {
  const entry: StorageTraceEntry = { op: trace.operation, key: trace.key, bytes: trace.bytes, durationMs: trace.durationMs };
  if (trace.error !== undefined) entry.error = trace.error;
  if (trace.concurrent) entry.concurrent = true;
  return entry;
}

/** The error as it was, plus the request id and the storage calls made before it failed. */
function withRequestDetail(error: unknown, requestId: string, traced: StorageTrace[]): ContractError {
  const shape = toContractError(error);
  const { storage, ...detail } = shape.detail ?? {};
  const trace = (Array.isArray(storage) ? (storage as StorageTrace[]) : traced).map(traceEntry);
  return new ContractError(shape.code, shape.message, { ...detail, requestId, trace });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
