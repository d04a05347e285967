/**
 * The one place that converts between Vault's `pb` wire messages and Strongroom's domain types
 * (`./types`), errors included. Rules that bite (protocol reference §5.4):
 * - JSON-in-string fields are never empty strings: the Go side unmarshals them and fails on "".
 * - Durations are Go `time.Duration`, int64 nanoseconds (bigint here).
 * - A present LeaseOptions must carry `issue_time`; Go's zero time stands for "unset".
 */
import type {
  Header,
  Paths,
  ProtoError,
  Request,
  Response,
  ResponseWrapInfo,
  Secret,
  SetupArgs,
  StorageEntry as ProtoStorageEntry,
  PluginEnvReply,
  TTLReply,
} from '../gen/pb/backend';
import type { StorageEntry } from '../storage-port';
import { secondsToNanos, timestampToDate } from '../../proto/wire/go-time';
import { HostError } from '../errors';
import { authFromProto, authToProto } from './auth-translation';
import { respondErrorCommon } from './error-status';
import { leaseFromProto, leaseToProto, parseJsonObject } from './wire-values';
import type {
  VaultBackendType,
  VaultRequest,
  VaultResponse,
  VaultResponseWrapInfo,
  VaultSecret,
  VaultSpecialPaths,
} from './types';

const NO_HEADERS: Map<string, Header> = new Map();

function headersToProto(headers: Record<string, string[]> | undefined): Map<string, Header> {
  if (headers === undefined) return NO_HEADERS;
  const map = new Map<string, Header>();
  for (const name of Object.keys(headers)) map.set(name, { header: headers[name] ?? [] });
  return map;
}

function headersFromProto(headers: Map<string, Header>): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of headers) result[name] = value.header;
  return result;
}

function secretFromProto(secret: Secret | undefined): VaultSecret | undefined {
  if (secret === undefined) return undefined;
  return {
    lease: leaseFromProto(secret.lease_options),
    internalData: parseJsonObject(secret.internal_data),
    leaseId: secret.lease_id,
  };
}

function secretToProto(secret: VaultSecret | undefined): Secret | undefined {
  if (secret === undefined) return undefined;
  return {
    lease_options: leaseToProto(secret.lease),
    internal_data: JSON.stringify(secret.internalData ?? null),
    lease_id: secret.leaseId,
  };
}

function wrapInfoFromProto(info: ResponseWrapInfo | undefined): VaultResponseWrapInfo | undefined {
  if (info === undefined) return undefined;
  return {
    ttlNs: info.TTL,
    token: info.token,
    accessor: info.accessor,
    creationTime: timestampToDate(info.creation_time),
    creationPath: info.creation_path,
    format: info.format,
  };
}

export function toProtoRequest(request: VaultRequest): Request {
  return {
    id: request.id,
    ReplicationCluster: '',
    operation: request.operation,
    path: request.path,
    data: JSON.stringify(request.data ?? null),
    secret: secretToProto(request.secret),
    auth: authToProto(request.auth),
    headers: headersToProto(request.headers),
    client_token: request.clientToken ?? '',
    client_token_accessor: request.clientTokenAccessor ?? '',
    display_name: request.displayName ?? '',
    mount_point: request.mountPoint,
    mount_type: request.mountType ?? '',
    mount_accessor: request.mountAccessor ?? '',
    wrap_info: undefined,
    client_token_remaining_uses: 0n,
    entity_id: request.entityId ?? '',
    policy_override: false,
    unauthenticated: request.unauthenticated ?? false,
    connection: undefined,
    requires_snapshot_id: '',
    recover_source_path: '',
    rotation_info: undefined,
  };
}

export function fromProtoResponse(response: Response | undefined): VaultResponse | null {
  if (response === undefined) return null;
  return {
    data: parseJsonObject(response.data),
    secret: secretFromProto(response.secret),
    warnings: response.warnings,
    redirect: response.redirect,
    headers: headersFromProto(response.headers),
    wrapInfo: wrapInfoFromProto(response.wrap_info),
    mountType: response.mount_type,
    auth: authFromProto(response.auth),
  };
}

export function toSetupArgs(brokerId: number, config: Record<string, string>, backendUuid: string): SetupArgs {
  return { broker_id: brokerId, Config: new Map(Object.entries(config)), backendUUID: backendUuid };
}

export function backendTypeFromProto(type: number): VaultBackendType {
  return type === 1 ? 'secret' : type === 2 ? 'auth' : 'unknown';
}

export function specialPathsFromProto(paths: Paths | undefined): VaultSpecialPaths {
  return {
    root: paths?.root ?? [],
    unauthenticated: paths?.unauthenticated ?? [],
    localStorage: paths?.local_storage ?? [],
    sealWrapStorage: paths?.seal_wrap_storage ?? [],
  };
}

/**
 * The error a reply stands for, or undefined for success: status, message and code as Vault's
 * RespondErrorCommon decides them (`./error-status`). The plugin's own error text is kept in
 * `detail.pluginMessage` when an error response's text replaced it.
 */
export function replyError(
  err: ProtoError | undefined,
  response: VaultResponse | null,
  path: string,
): HostError | undefined {
  const failure = respondErrorCommon(err, response);
  if (failure === undefined) return undefined;
  const detail: Record<string, unknown> = { httpStatus: failure.httpStatus, path, warnings: response?.warnings ?? [] };
  if (err !== undefined) {
    detail['pluginErrorType'] = err.err_type;
    detail['pluginMessage'] = err.err_msg;
  }
  return new HostError(failure.code, failure.message, detail);
}

export function storageEntryFromProto(entry: ProtoStorageEntry | undefined): StorageEntry | undefined {
  if (entry === undefined) return undefined;
  return { key: entry.key, value: entry.value, sealWrap: entry.seal_wrap };
}

export function storageEntryToProto(entry: StorageEntry): ProtoStorageEntry {
  const value = entry.value;
  return {
    key: entry.key,
    value: Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength),
    seal_wrap: entry.sealWrap,
  };
}

export function ttlReply(seconds: number): TTLReply {
  return { TTL: secondsToNanos(seconds) };
}

/** Always populated: Go plugins dereference `plugin_environment` without a nil check on help. */
export function pluginEnvReply(vaultVersion: string): PluginEnvReply {
  const [version = vaultVersion, metadata = ''] = vaultVersion.split('+', 2);
  const [base = version, prerelease = ''] = version.split('-', 2);
  return {
    plugin_environment: {
      vault_version: base,
      vault_version_prerelease: prerelease,
      vault_version_metadata: metadata,
      vault_build_date: undefined,
    },
    err: '',
  };
}
