/**
 * The declarations a plugin author writes: a backend is data (paths, fields, operations, help),
 * in the shape of Vault's `sdk/framework`. Nothing here touches the wire.
 */
import type { FieldData } from './field-data';
import type { Storage } from './storage';
import type { SystemView } from './system-view';
import type { Logger } from './hclog';
import type { AuthRenewHandler, IssuedAuth, ResponseAuth } from './auth';

/** Field types of Vault's framework (`framework.FieldType`), by a TypeScript-friendly name. */
export type FieldType =
  | 'string'
  | 'int'
  | 'int64'
  | 'bool'
  | 'map'
  | 'duration'
  | 'signedDuration'
  | 'slice'
  | 'stringSlice'
  | 'commaStringSlice'
  | 'commaIntSlice'
  | 'lowercaseString'
  | 'nameString'
  | 'keyPairs'
  | 'header'
  | 'float'
  | 'time';

/** How a UI should show a path or field (Vault's `DisplayAttributes`). */
export interface DisplayAttributes {
  name?: string;
  description?: string;
  /** Example or initial value shown in a form. */
  value?: unknown;
  /** Hide the value (passwords, keys). */
  sensitive?: boolean;
  navigation?: boolean;
  itemType?: string;
  group?: string;
  action?: string;
  /** OpenAPI operationId hints; removed from the published attributes. */
  operationPrefix?: string;
  operationVerb?: string;
  operationSuffix?: string;
  editType?: string;
}

export interface FieldSchema {
  type: FieldType;
  description?: string;
  /**
   * Documented in help/OpenAPI, and (unlike Vault, where it is documentation only) enforced on
   * `create`, and on `update` of a path without an existence check.
   */
  required?: boolean;
  /** Value `data.get()` answers when the request does not carry the field. */
  default?: unknown;
  allowedValues?: unknown[];
  deprecated?: boolean;
  /** A query parameter for read/list/delete (still a body field for writes). */
  query?: boolean;
  displayAttrs?: DisplayAttributes;
}

export type Fields = Record<string, FieldSchema>;

/** Operations a path can handle (`logical.Operation`). */
export type Operation = 'create' | 'read' | 'update' | 'patch' | 'delete' | 'list';

/** One request as a handler sees it; `path` is relative to the mount. */
export interface PluginRequest {
  id: string;
  operation: string;
  path: string;
  /** The raw request data, before validation. */
  data: Record<string, unknown>;
  mountPoint: string;
  mountType: string;
  mountAccessor: string;
  displayName: string;
  entityId: string;
  unauthenticated: boolean;
  headers: Record<string, string[]>;
  /** Renew and revoke only: the leased secret the plugin issued earlier, as the host kept it. */
  secret?: LeasedSecret;
  /** Renew of a token an auth method issued: the Auth its login answered, as the host kept it. */
  auth?: IssuedAuth;
  /** Auth methods only: the caller's address, as the host saw it (e.g. to bind a login to CIDRs). */
  connection?: { remoteAddr: string; remotePort: number };
}

/** A leased secret coming back with renew or revoke (`logical.Secret`). */
export interface LeasedSecret {
  leaseId: string;
  /** What the plugin put in it when issuing it, `secret_type` included. */
  internalData: Record<string, unknown>;
  ttlSeconds: number;
  /** 0: no maximum set by the plugin. */
  maxTtlSeconds: number;
  /** On renew: the extension the caller asked for (0: none). */
  incrementSeconds: number;
  renewable: boolean;
  issueTime: Date | undefined;
}

/**
 * A leased secret in a response: the host registers a lease, returns its id with the data, and
 * sends the secret back to `renew` and to `revoke` (at the latest when the TTL runs out). Build it
 * with `secretResponse()`, which records the secret type so the right handlers are found.
 */
export interface ResponseSecret {
  /** 0: the mount's default lease TTL. */
  ttlSeconds: number;
  maxTtlSeconds?: number;
  renewable: boolean;
  /** Kept by the host, never shown to the caller: what renew and revoke need (ids, usernames…). */
  internalData: Record<string, unknown>;
}

/** What a handler answers. `undefined` is a nil response (404 for read and list). */
export interface PluginResponse {
  data?: Record<string, unknown>;
  secret?: ResponseSecret;
  /** Auth methods: a login's answer, which the host turns into a token (see `auth.ts`). */
  auth?: ResponseAuth;
  warnings?: string[];
  headers?: Record<string, string[]>;
  redirect?: string;
}

/** Everything a handler gets besides the request. */
export interface HandlerContext {
  /** Validated, coerced field values (path captures win over body data). */
  data: FieldData;
  /** This mount's storage, served by the host. */
  storage: Storage;
  system: SystemView;
  /** Mount configuration from Setup (`plugin_name`, `plugin_type`, mount options…). */
  config: Readonly<Record<string, string>>;
  backendUuid: string;
  logger: Logger;
}

export type Handler = (req: PluginRequest, ctx: HandlerContext) => Promise<PluginResponse | undefined> | PluginResponse | undefined;

export interface ResponseSchema {
  description: string;
  fields?: Fields;
}

export interface OperationDefinition {
  handler: Handler;
  summary?: string;
  description?: string;
  deprecated?: boolean;
  displayAttrs?: DisplayAttributes;
  /** Documented responses by HTTP status (OpenAPI only). */
  responses?: Record<number, ResponseSchema>;
}

export interface PathDefinition {
  /**
   * Path relative to the mount. Literal segments, `{name}` for one name segment (Vault's
   * `GenericNameRegex`), `{name*}` for the rest of the path (slashes included), and a trailing
   * `/` for a list path that also matches without the slash (`users/` → `^users/?$`).
   */
  pattern: string;
  fields?: Fields;
  operations: Partial<Record<Operation, OperationDefinition>>;
  /** Lets the host tell `create` from `update` before it checks policy. */
  existenceCheck?: (req: PluginRequest, ctx: HandlerContext) => Promise<boolean> | boolean;
  /** The body is free-form JSON: unknown fields are not warned about. */
  takesArbitraryInput?: boolean;
  displayAttrs?: DisplayAttributes;
  helpSynopsis?: string;
  helpDescription?: string;
}

/** A renew or revoke handler: `req.secret` is always present. */
export type SecretHandler = (
  req: PluginRequest & { secret: LeasedSecret },
  ctx: HandlerContext,
) => Promise<PluginResponse | undefined> | PluginResponse | undefined;

/** A kind of leased secret the backend issues (Vault's `framework.Secret`). */
export interface SecretDefinition {
  /** Stored in each secret's internal data as `secret_type`, so renew and revoke find this entry. */
  type: string;
  /** Fields renew and revoke handlers may read from the request data. */
  fields?: Fields;
  /** The lease TTL `secretResponse()` asks for; 0 or absent: the mount's default. */
  defaultTtlSeconds?: number;
  /** Absent: the secret is not renewable (renew answers "unsupported operation"). */
  renew?: SecretHandler;
  /** Undo what issuing did (drop the credential); absent: revoke answers "unsupported operation". */
  revoke?: SecretHandler;
}

/** Paths that need special treatment by the host (`logical.Paths`); `*` suffix = prefix, `+` = one segment. */
export interface SpecialPaths {
  root?: string[];
  unauthenticated?: string[];
  localStorage?: string[];
  sealWrapStorage?: string[];
}

export interface BackendDefinition {
  /** Secrets engine (`logical`, the default) or auth method (`credential`). */
  type?: 'secrets' | 'auth';
  /** Reported through the PluginVersion service; semver with a leading `v`, e.g. `v1.0.0`. */
  version?: string;
  /** Root help text (`## DESCRIPTION`). */
  help: string;
  paths: PathDefinition[];
  /** The kinds of leased secret the paths issue with `secretResponse()`. */
  secrets?: SecretDefinition[];
  /**
   * Auth methods: decides a token's renewal (Vault's `AuthRenew`), given the Auth its login
   * answered; absent: renewal is refused with "this auth type doesn't support renew".
   */
  authRenew?: AuthRenewHandler;
  /** `unauthenticated` lists an auth method's login paths, which the host serves without a token. */
  specialPaths?: SpecialPaths;
  /** OpenAPI `info`; the version always comes from the host. */
  info?: { title?: string; description?: string; license?: { name: string; url: string } };
  /** Runs after Setup once storage is writable (Vault's Initialize). */
  initialize?: (ctx: Omit<HandlerContext, 'data'>) => Promise<void> | void;
  /**
   * Periodic work (Vault's PeriodicFunc): run on each `rollback` request the host sends every
   * minute or so to a running mount. A thrown error is reported to the host.
   */
  periodic?: (ctx: Omit<HandlerContext, 'data'>) => Promise<void> | void;
  /** Runs before the mount goes away (Vault's Cleanup). */
  cleanup?: (ctx: Omit<HandlerContext, 'data'>) => Promise<void> | void;
  /** A storage key changed under the mount elsewhere (standbys and replicas). */
  invalidate?: (key: string, ctx: Omit<HandlerContext, 'data'>) => Promise<void> | void;
}
