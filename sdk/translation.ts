/**
 * The one place that maps between Vault's wire messages (generated `pb` types) and the SDK's
 * own request/response/error/storage shapes. Transport files pass messages through; only this
 * file reads or builds their fields.
 */
import type * as pb from './gen/pb/backend';
import type { PluginEnvironment as PbPluginEnvironment } from './gen/logical/plugin';
import type { Alias as PbAlias } from './gen/logical/identity';
import { issuedAuth, TOKEN_TYPES } from './auth';
import type { AuthAlias, IssuedAuth, ResponseAuth } from './auth';
import { dateToTimestamp, nanosToSeconds, secondsToNanos, timestampToDate } from '../proto/wire/go-time';
import { ERROR_KINDS, PluginError } from './responses';
import type { StorageEntry } from './storage';
import type { PluginEnvironment } from './system-view';
import type { LeasedSecret, PluginRequest, PluginResponse, ResponseSecret, SpecialPaths } from './types';


function headersFromPb(headers: Map<string, pb.Header>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of headers) out[name] = value.header;
  return out;
}

function headersToPb(headers: Record<string, string[]> = {}): Map<string, pb.Header> {
  return new Map(Object.entries(headers).map(([name, values]) => [name, { header: values }]));
}

/** Request data is JSON text of an object; Go sends `null` for none. */
export function requestFromPb(request: pb.Request | undefined): PluginRequest {
  if (request === undefined) throw new PluginError('badRequest', 'the host sent no request');
  let data: unknown = null;
  if (request.data !== '') {
    try {
      data = JSON.parse(request.data) as unknown;
    } catch (error) {
      throw new PluginError('badRequest', `request data is not JSON: ${(error as Error).message}`);
    }
  }
  return {
    id: request.id,
    operation: request.operation,
    path: request.path,
    data: data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {},
    mountPoint: request.mount_point,
    mountType: request.mount_type,
    mountAccessor: request.mount_accessor,
    displayName: request.display_name,
    entityId: request.entity_id,
    unauthenticated: request.unauthenticated,
    headers: headersFromPb(request.headers),
    ...(request.secret === undefined ? {} : { secret: secretFromPb(request.secret) }),
    ...(request.auth === undefined ? {} : { auth: authFromPb(request.auth) }),
    ...(request.connection === undefined ? {} : { connection: { remoteAddr: request.connection.remote_addr, remotePort: request.connection.remote_port } }),
  };
}

/** JSON text of an object (the Go side marshals a nil map as `null`); `what` names it in the error. */
function jsonObject(text: string, what: string): Record<string, unknown> {
  let value: unknown = null;
  try {
    value = text === '' ? null : (JSON.parse(text) as unknown);
  } catch (error) {
    throw new PluginError('badRequest', `${what} is not JSON: ${(error as Error).message}`);
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function aliasFromPb(alias: PbAlias): AuthAlias {
  return {
    name: alias.name,
    metadata: Object.fromEntries(alias.metadata),
    mountType: alias.mount_type,
    mountAccessor: alias.mount_accessor,
    id: alias.ID,
    namespaceId: alias.namespace_id,
    customMetadata: Object.fromEntries(alias.custom_metadata),
    local: alias.local,
    externalId: alias.external_id,
    issuer: alias.issuer,
  };
}

function aliasToPb(alias: AuthAlias): PbAlias {
  return {
    mount_type: alias.mountType ?? '',
    mount_accessor: alias.mountAccessor ?? '',
    name: alias.name,
    metadata: new Map(Object.entries(alias.metadata ?? {})),
    ID: alias.id ?? '',
    namespace_id: alias.namespaceId ?? '',
    custom_metadata: new Map(Object.entries(alias.customMetadata ?? {})),
    local: alias.local ?? false,
    external_id: alias.externalId ?? '',
    issuer: alias.issuer ?? '',
  };
}

function authFromPb(auth: pb.Auth): IssuedAuth {
  const lease = auth.lease_options;
  return issuedAuth({
    policies: auth.policies,
    tokenPolicies: auth.token_policies,
    identityPolicies: auth.identity_policies,
    noDefaultPolicy: auth.no_default_policy,
    ttlSeconds: nanosToSeconds(lease?.TTL),
    maxTtlSeconds: nanosToSeconds(lease?.MaxTTL),
    periodSeconds: nanosToSeconds(auth.period),
    explicitMaxTtlSeconds: nanosToSeconds(auth.explicit_max_ttl),
    renewable: lease?.renewable ?? false,
    numUses: Number(auth.num_uses),
    metadata: Object.fromEntries(auth.metadata),
    displayName: auth.display_name,
    internalData: jsonObject(auth.internal_data, "the auth's internal data"),
    ...(auth.alias === undefined ? {} : { alias: aliasFromPb(auth.alias) }),
    groupAliases: auth.group_aliases.map(aliasFromPb),
    boundCidrs: auth.bound_cidrs,
    tokenType: TOKEN_TYPES[auth.token_type] ?? 'default',
    clientToken: auth.client_token,
    accessor: auth.accessor,
    entityId: auth.entity_id,
    incrementSeconds: nanosToSeconds(lease?.increment),
    issueTime: timestampToDate(lease?.issue_time),
  });
}

/** Every field goes out, so a renewal answered with the Auth it got loses nothing (Go sends them all too). */
export function authToPb(auth: ResponseAuth): pb.Auth {
  const full = issuedAuth(auth);
  return {
    lease_options: {
      TTL: secondsToNanos(full.ttlSeconds),
      renewable: full.renewable,
      increment: secondsToNanos(full.incrementSeconds),
      issue_time: dateToTimestamp(full.issueTime),
      MaxTTL: secondsToNanos(full.maxTtlSeconds),
    },
    internal_data: jsonText(full.internalData),
    display_name: full.displayName,
    policies: full.policies,
    metadata: new Map(Object.entries(full.metadata)),
    client_token: full.clientToken,
    accessor: full.accessor,
    period: secondsToNanos(full.periodSeconds),
    num_uses: BigInt(Math.trunc(full.numUses)),
    entity_id: full.entityId,
    alias: full.alias === undefined ? undefined : aliasToPb(full.alias),
    group_aliases: full.groupAliases.map(aliasToPb),
    bound_cidrs: full.boundCidrs,
    token_policies: full.tokenPolicies,
    identity_policies: full.identityPolicies,
    explicit_max_ttl: secondsToNanos(full.explicitMaxTtlSeconds),
    token_type: TOKEN_TYPES.indexOf(full.tokenType),
    no_default_policy: full.noDefaultPolicy,
  };
}

function secretFromPb(secret: pb.Secret): LeasedSecret {
  const lease = secret.lease_options;
  return {
    leaseId: secret.lease_id,
    internalData: jsonObject(secret.internal_data, "the secret's internal data"),
    ttlSeconds: nanosToSeconds(lease?.TTL),
    maxTtlSeconds: nanosToSeconds(lease?.MaxTTL),
    incrementSeconds: nanosToSeconds(lease?.increment),
    renewable: lease?.renewable ?? false,
    issueTime: timestampToDate(lease?.issue_time),
  };
}

function secretToPb(secret: ResponseSecret): pb.Secret {
  return {
    lease_options: {
      TTL: secondsToNanos(secret.ttlSeconds),
      renewable: secret.renewable,
      increment: 0n,
      issue_time: dateToTimestamp(undefined),
      MaxTTL: secondsToNanos(secret.maxTtlSeconds),
    },
    internal_data: jsonText(secret.internalData),
    lease_id: '',
  };
}

/** int64 values (bigint) travel as JSON strings; everything else as JSON.stringify writes it. */
function jsonText(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

export function responseToPb(response: PluginResponse | undefined): pb.Response | undefined {
  if (response === undefined) return undefined;
  return {
    secret: response.secret === undefined ? undefined : secretToPb(response.secret),
    auth: response.auth === undefined ? undefined : authToPb(response.auth),
    data: jsonText(response.data),
    redirect: response.redirect ?? '',
    warnings: response.warnings ?? [],
    wrap_info: undefined,
    headers: headersToPb(response.headers),
    mount_type: '',
  };
}

/** Any thrown value as an in-band error; non-`PluginError`s are type 0 (unknown), as in Go. */
export function errorToPb(error: unknown): pb.ProtoError {
  if (error instanceof PluginError) {
    return { err_type: ERROR_KINDS[error.kind], err_msg: error.message, err_code: BigInt(error.status) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { err_type: ERROR_KINDS.unknown, err_msg: message, err_code: 0n };
}

export function specialPathsToPb(paths: SpecialPaths = {}): pb.Paths {
  return {
    root: paths.root ?? [],
    unauthenticated: paths.unauthenticated ?? [],
    local_storage: paths.localStorage ?? [],
    seal_wrap_storage: paths.sealWrapStorage ?? [],
    write_forwarded_storage: [],
    binary: [],
    limited: [],
    allow_snapshot_read: [],
  };
}

export function setupConfigFromPb(config: Map<string, string>): Record<string, string> {
  return Object.fromEntries(config);
}

export function storageEntryFromPb(entry: pb.StorageEntry | undefined): StorageEntry | undefined {
  return entry === undefined ? undefined : { key: entry.key, value: entry.value, sealWrap: entry.seal_wrap };
}

export function storageEntryToPb(entry: StorageEntry): pb.StorageEntry {
  return { key: entry.key, value: Buffer.from(entry.value), seal_wrap: entry.sealWrap ?? false };
}

/** TTLs travel as Go durations (nanoseconds); the SDK speaks seconds. */
export function ttlSecondsFromPb(reply: pb.TTLReply): number {
  return nanosToSeconds(reply.TTL);
}

export function pluginEnvFromPb(reply: pb.PluginEnvReply): PluginEnvironment {
  if (reply.err !== '') throw new Error(reply.err);
  const env: PbPluginEnvironment | undefined = reply.plugin_environment;
  return {
    vaultVersion: env?.vault_version ?? 'unknown',
    vaultVersionPrerelease: env?.vault_version_prerelease ?? '',
    vaultVersionMetadata: env?.vault_version_metadata ?? '',
  };
}
