/**
 * The built-in `sys/` backend, answering through the same router as plugins (so an HTTP API
 * later sees one surface). Its paths are declared with the plugin SDK's model (`declare.ts`):
 * patterns, typed fields with descriptions, operations with summaries. A request is routed to the
 * first matching declaration, its input validated and coerced against the fields before a handler
 * runs, and help + OpenAPI are generated from the same declarations:
 *
 *   mount-paths.ts     mounts, mounts/<path>, mounts/<path>/tune
 *   remount-paths.ts   remount, remount/status/<migration id>
 *   auth-paths.ts      auth, auth/<path>, auth/<path>/tune (auth methods as plugins)
 *   ui-mount-paths.ts  internal/ui/mounts[/<path>] (the KV preflight)
 *   plugin-paths.ts    plugins/catalog[/<type>[/<name>]], plugins/catalog/<name> (legacy), plugins/reload/backend
 *   lease-paths.ts     leases/lookup[/<prefix>], leases/renew[/<id>], leases/revoke[/<id>], leases/revoke-prefix|revoke-force/<p>
 *   key-paths.ts       audit, audit-hash/<device>, seal-status, key-status, rotate
 *   capability-paths.ts capabilities-self, capabilities, capabilities-accessor
 *   policy-paths.ts    policies/acl[/<name>], policy[/<name>] (the older paths)
 *   wrapping-paths.ts  wrapping/wrap, wrapping/unwrap, wrapping/lookup, wrapping/rewrap
 *
 * Each answers in Vault's shapes (field names, types, nesting, status) as OpenBao does;
 * test/electron/core/sys/vault-shapes.integration.test.ts compares them with a real OpenBao.
 */
import type { VaultOperation } from '../../../plugin-host';
import { CoreError } from '../core-errors';
import type { RequestMountView } from '../../common/contract/requests';
import { SYSTEM_MOUNT_PATH } from '../mounts/mount-path';
import { SYSTEM_MOUNT_UUID } from '../mounts/mount-service';
import type { BuiltinBackend, RequestContext } from '../router/builtin-backends';
import { SYSTEM_ROOT_PATHS, SYSTEM_UNAUTHENTICATED_PATHS } from '../policies/root-paths';
import { compileSystemPath, FieldValidationError, routeSystemPath, systemHelp, systemOperation, unknownFields, validateSystemFields } from './declare';
import type { CompiledSystemPath, FieldData, SystemHelp, SystemReply } from './declare';
import { authPaths } from './auth-paths';
import { capabilityPaths } from './capability-paths';
import { keyPaths } from './key-paths';
import { leasePaths } from './lease-paths';
import { mountPaths } from './mount-paths';
import { pluginPaths } from './plugin-paths';
import { policyPaths } from './policy-paths';
import { remountPaths } from './remount-paths';
import type { SystemBackendDeps } from './system-deps';
import { uiMountPaths } from './ui-mount-paths';
import { withUserErrorStatus } from './user-errors';
import { wrappingPaths } from './wrapping-paths';

export type { SystemBackendDeps };

const DOCS = {
  help:
    'The built-in system backend: mounts and their tuning and moves, the auth methods, the plugin catalog, plugin reloads, leases, ' +
    'the audit device, the seal and key status, capabilities, key rotation, the ACL policies and response wrapping. It is mounted at sys/ and cannot be moved or disabled.',
  info: { title: 'Strongroom system backend', description: 'The built-in sys/ paths, relative to sys/.', license: { name: 'unspecified', url: '' } },
  // The Vault version the supervisor reports to plugins (its default).
  vaultVersion: '1.21.0',
};

const OPERATION_ORDER: readonly string[] = ['read', 'list', 'create', 'update', 'patch', 'delete'];

export class SystemBackend implements BuiltinBackend {
  readonly mount: RequestMountView = { path: SYSTEM_MOUNT_PATH, type: 'system', accessor: 'system', uuid: SYSTEM_MOUNT_UUID };
  readonly specialPaths = { root: [...SYSTEM_ROOT_PATHS], unauthenticated: [...SYSTEM_UNAUTHENTICATED_PATHS] };
  private readonly paths: readonly CompiledSystemPath[];

  constructor(deps: SystemBackendDeps) {
    const declared = [...mountPaths(deps), ...remountPaths(deps), ...authPaths(deps), ...uiMountPaths(deps), ...pluginPaths(deps), ...leasePaths(deps), ...keyPaths(deps), ...capabilityPaths(deps), ...policyPaths(deps), ...wrappingPaths(deps)];
    this.paths = declared.map(compileSystemPath);
  }

  async handle(operation: VaultOperation, path: string, data: Record<string, unknown>, context: RequestContext = {}): Promise<SystemReply | null> {
    const [target, captures] = this.route(path);
    if (operation === 'help') return { data: { ...this.help(path), see_also: null } };
    // No sys path has an existence check, so a create is an update (as Vault's framework does).
    const effective = operation === 'create' && target.declared.operations.create === undefined ? 'update' : operation;
    const declared = systemOperation(target, effective);
    if (declared === undefined) {
      const supported = Object.keys(target.declared.operations).sort((a, b) => OPERATION_ORDER.indexOf(a) - OPERATION_ORDER.indexOf(b));
      throw new CoreError('unsupported_operation', `sys/${path} does not support "${operation}" (it supports: ${supported.join(', ')}).`, { httpStatus: 405, path: `sys/${path}` });
    }
    let fields: FieldData;
    try {
      fields = validateSystemFields(target, effective, data, captures);
    } catch (error) {
      if (!(error instanceof FieldValidationError)) throw error;
      throw new CoreError('invalid_request', `${error.message}. Ask for help on "sys/${path}" to see its fields and their types.`, { httpStatus: 400, path: `sys/${path}` });
    }
    let reply: SystemReply | null;
    try {
      reply = await declared.handler(fields, effective, context);
    } catch (error) {
      throw withUserErrorStatus(error);
    }
    const ignored = unknownFields(target, data);
    if (reply === null || ignored.length === 0) return reply;
    return { ...reply, warnings: [...(reply.warnings ?? []), `Endpoint ignored these unrecognized parameters: [${ignored.join(' ')}]`] };
  }

  /** Root help for `''`, else the help of the declaration `path` matches. */
  help(path: string): SystemHelp {
    if (path === '') return systemHelp(DOCS, this.paths, undefined);
    const [target] = this.route(path);
    return systemHelp(DOCS, this.paths, { path: target, requestPath: path });
  }

  private route(path: string): [CompiledSystemPath, Record<string, string>] {
    const found = routeSystemPath(this.paths, path);
    if (found === undefined) {
      throw new CoreError('unsupported_path', `sys/${path} is not a system path. Ask for help on "sys/" to see them.`, { httpStatus: 404, path: `sys/${path}` });
    }
    return found;
  }
}
