/**
 * `defineBackend()`: turns declarations into a routable backend, and runs one request the way
 * Vault's framework does: route (first declared pattern that matches), merge captures over body
 * data, validate and coerce fields, call the handler, warn about unknown fields; `help` is
 * answered from the declarations.
 */
import { FieldData, FieldValidationError } from './field-data';
import { helpData, pathHelpText, rootHelpText } from './help';
import { compilePattern, matchPattern } from './path-pattern';
import type { CompiledPattern } from './path-pattern';
import { errorResponse, unsupportedOperation, unsupportedPath, userError } from './responses';
import { handleAuthRenew } from './auth';
import { handleLeaseOperation } from './secrets';
import type { BackendDefinition, Fields, HandlerContext, Operation, PathDefinition, PluginRequest, PluginResponse } from './types';

export interface CompiledPath {
  readonly definition: PathDefinition;
  readonly pattern: CompiledPattern;
  /** Declared fields plus any path capture that was not declared. */
  readonly fields: Fields;
}

/** What a request runs against: one mount's storage, system view and config. */
export type MountEnvironment = Omit<HandlerContext, 'data'>;

export interface Backend {
  readonly definition: BackendDefinition;
  readonly routes: readonly CompiledPath[];
  /** Vault's backend type: 1 secrets engine, 2 auth method. */
  readonly typeNumber: 1 | 2;
  handleRequest(req: PluginRequest, env: MountEnvironment): Promise<PluginResponse | undefined>;
  /** `[checkFound, exists]`, as the host's HandleExistenceCheck wants them. */
  existenceCheck(req: PluginRequest, env: MountEnvironment): Promise<[boolean, boolean]>;
}

const OPERATIONS: ReadonlySet<string> = new Set<Operation>(['create', 'read', 'update', 'patch', 'delete', 'list']);

function compilePath(definition: PathDefinition): CompiledPath {
  const pattern = compilePattern(definition.pattern);
  const fields: Fields = { ...definition.fields };
  for (const capture of pattern.captures) {
    fields[capture.name] ??= { type: capture.rest ? 'string' : 'nameString' };
  }
  return { definition, pattern, fields };
}

export function defineBackend(definition: BackendDefinition): Backend {
  const routes = definition.paths.map(compilePath);
  const backendType = definition.type ?? 'secrets';

  function route(path: string): [CompiledPath, Record<string, string>] | undefined {
    for (const candidate of routes) {
      const captures = matchPattern(candidate.pattern, path);
      if (captures !== undefined) return [candidate, captures];
    }
    return undefined;
  }

  async function help(req: PluginRequest, env: MountEnvironment, target: CompiledPath | undefined): Promise<PluginResponse> {
    const vaultVersion = await env.system.pluginEnv().then(
      (e) => e.vaultVersion,
      () => 'unknown',
    );
    const prefix = typeof req.data['requestResponsePrefix'] === 'string' ? req.data['requestResponsePrefix'] : '';
    const options = { backendType, vaultVersion, prefix };
    const data =
      target === undefined
        ? helpData(definition, routes, rootHelpText(definition, routes), options)
        : helpData(definition, [target], pathHelpText(target, req.path), options);
    return { data };
  }

  return {
    definition,
    routes,
    typeNumber: backendType === 'auth' ? 2 : 1,

    async handleRequest(req, env) {
      if (req.operation === 'rollback') {
        await definition.periodic?.(env); // no write-ahead logs in the SDK (yet): periodic work only
        return undefined;
      }
      // As Vault's framework: a renew carrying an Auth is a token's renewal, whatever its path.
      if (req.operation === 'renew' && req.auth !== undefined) return handleAuthRenew(definition.authRenew, { ...req, auth: req.auth }, env);
      if (req.operation === 'renew' || req.operation === 'revoke') return handleLeaseOperation(definition.secrets ?? [], req, env);
      if (req.operation === 'help' && req.path === '') return help(req, env, undefined);
      const found = route(req.path);
      if (found === undefined) throw unsupportedPath();
      const [target, captures] = found;
      const operation = OPERATIONS.has(req.operation) ? target.definition.operations[req.operation as Operation] : undefined;
      if (operation === undefined) {
        if (req.operation === 'help') return help(req, env, target);
        throw unsupportedOperation();
      }
      const raw: Record<string, unknown> = { ...req.data, ...captures };
      const enforceRequired = req.operation === 'create' || (req.operation === 'update' && target.definition.existenceCheck === undefined);
      let data: FieldData;
      try {
        data = FieldData.validate(target.fields, raw, enforceRequired);
      } catch (error) {
        if (error instanceof FieldValidationError) return errorResponse(error.message);
        throw error;
      }
      const response = await operation.handler(req, { ...env, data });
      if (response === undefined || target.definition.takesArbitraryInput === true) return response;
      const ignored = Object.keys(req.data).filter((name) => target.fields[name] === undefined).sort();
      if (ignored.length === 0) return response;
      const warning = `Endpoint ignored these unrecognized parameters: [${ignored.join(' ')}]`;
      return { ...response, warnings: [...(response.warnings ?? []), warning] };
    },

    async existenceCheck(req, env) {
      if (req.operation !== 'create' && req.operation !== 'update') {
        throw new Error(`incorrect operation type ${req.operation} for an existence check`);
      }
      const found = route(req.path);
      if (found === undefined) throw unsupportedPath();
      const [target, captures] = found;
      const check = target.definition.existenceCheck;
      if (check === undefined) return [false, false];
      let data: FieldData;
      try {
        data = FieldData.validate(target.fields, { ...req.data, ...captures }, false);
      } catch (error) {
        throw error instanceof FieldValidationError ? userError(error.message) : error;
      }
      return [true, await check(req, { ...env, data })];
    },
  };
}
