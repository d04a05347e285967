/**
 * The one module through which the core's `sys/` backend uses the plugin SDK's declaration model
 * (path patterns, typed fields, operations with summaries, help and OpenAPI generation), so `sys/`
 * is declared exactly like a TS plugin. It imports only the SDK's server-free `framework` entry,
 * and it is the only core file allowed to (linted).
 *
 * A sys handler gets the validated fields instead of a plugin request and mount environment: the
 * declarations are the SDK's `PathDefinition` with that one difference.
 */
import type { VaultOperation } from '../../../plugin-host';
import type { BuiltinReply as SystemReply, RequestContext } from '../router/builtin-backends';
import { compilePattern, FieldData, FieldValidationError, helpData, matchPattern, pathHelpText, rootHelpText } from '@strongroom/plugin-sdk/framework';
import type { CompiledPath, FieldSchema, Fields, Operation, OperationDefinition, PathDefinition } from '@strongroom/plugin-sdk/framework';

export { FieldData, FieldValidationError };
export type { FieldSchema, Fields, Operation };

export type { RequestContext, SystemReply };

/** `context` says who sends the request (the token paths read it; sys/ paths need not). */
export type SystemHandler = (data: FieldData, operation: VaultOperation, context?: RequestContext) => Promise<SystemReply | null>;

export interface SystemOperation extends Omit<OperationDefinition, 'handler'> {
  handler: SystemHandler;
}

/** The SDK's `PathDefinition`, with handlers that take the validated fields. */
export interface SystemPath extends Omit<PathDefinition, 'operations' | 'existenceCheck'> {
  operations: Partial<Record<Operation, SystemOperation>>;
}

export interface CompiledSystemPath {
  readonly declared: SystemPath;
  /** The same path as the SDK's help and OpenAPI generators read it. */
  readonly documented: CompiledPath;
}

const OPERATIONS: ReadonlySet<string> = new Set<Operation>(['create', 'read', 'update', 'patch', 'delete', 'list']);

/** Help and OpenAPI read summaries and descriptions only; a sys request never runs this. */
const documentationOnly = () => {
  throw new Error('a sys/ path is routed by the system backend, not by the SDK');
};

/** Compiles the pattern and adds a field for every capture that was not declared (as the SDK does). */
export function compileSystemPath(declared: SystemPath): CompiledSystemPath {
  const pattern = compilePattern(declared.pattern);
  const fields: Fields = { ...declared.fields };
  for (const capture of pattern.captures) fields[capture.name] ??= { type: capture.rest ? 'string' : 'nameString' };
  const operations = Object.fromEntries(Object.entries(declared.operations).map(([op, { handler: _handler, ...docs }]) => [op, { ...docs, handler: documentationOnly }]));
  const definition: PathDefinition = { ...declared, operations };
  return { declared, documented: { definition, pattern, fields } };
}

/** The first declared path matching `path`, and its captures (first match wins, as in the SDK). */
export function routeSystemPath(paths: readonly CompiledSystemPath[], path: string): [CompiledSystemPath, Record<string, string>] | undefined {
  for (const candidate of paths) {
    const captures = matchPattern(candidate.documented.pattern, path);
    if (captures !== undefined) return [candidate, captures];
  }
  return undefined;
}

export function systemOperation(path: CompiledSystemPath, operation: string): SystemOperation | undefined {
  return OPERATIONS.has(operation) ? path.declared.operations[operation as Operation] : undefined;
}

/**
 * Validates and coerces the request against the path's fields (captures win over body data);
 * required fields are enforced on every write, since no sys path has an existence check (a sys
 * write is an update, as in Vault); a null value counts as not given. Throws `FieldValidationError`.
 */
export function validateSystemFields(path: CompiledSystemPath, operation: VaultOperation, data: Record<string, unknown>, captures: Record<string, string>): FieldData {
  const enforceRequired = operation === 'create' || operation === 'update';
  // A JSON null is a field not given, as Vault's clients mean it (the CLI sends "options": null).
  const given = Object.fromEntries(Object.entries(data).filter(([, value]) => value !== null));
  return FieldData.validate(path.documented.fields, { ...given, ...captures }, enforceRequired);
}

/** Body fields the path does not declare, for Vault's "ignored these unrecognized parameters" warning. */
export function unknownFields(path: CompiledSystemPath, data: Record<string, unknown>): string[] {
  if (path.declared.takesArbitraryInput === true) return [];
  return Object.keys(data).filter((name) => path.documented.fields[name] === undefined).sort();
}

export interface SystemHelp {
  help: string;
  openapi: Record<string, unknown>;
}

export interface SystemBackendDocs {
  help: string;
  info: { title: string; description: string; license: { name: string; url: string } };
  vaultVersion: string;
}

/** Root help (`path` undefined) or one path's help, with the OpenAPI document, from the declarations. */
export function systemHelp(docs: SystemBackendDocs, paths: readonly CompiledSystemPath[], target: { path: CompiledSystemPath; requestPath: string } | undefined): SystemHelp {
  const routes = paths.map((p) => p.documented);
  const definition = { help: docs.help, info: docs.info, paths: routes.map((r) => r.definition) };
  const options = { backendType: 'secrets' as const, vaultVersion: docs.vaultVersion, prefix: 'system' };
  const data =
    target === undefined
      ? helpData(definition, routes, rootHelpText(definition, routes), options)
      : helpData(definition, [target.path.documented], pathHelpText(target.path.documented, target.requestPath), options);
  const openapi = data['openapi'] as { paths: Record<string, Record<string, unknown>> };
  // Vault tags its own paths "system" (the SDK knows only secrets engines and auth methods).
  for (const item of Object.values(openapi.paths)) {
    for (const method of ['get', 'post', 'patch', 'delete']) {
      const operation = item[method] as { tags?: string[] } | undefined;
      if (operation !== undefined) operation.tags = ['system'];
    }
  }
  return { help: String(data['help']), openapi: openapi as unknown as Record<string, unknown> };
}
