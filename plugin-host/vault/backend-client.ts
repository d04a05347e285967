/**
 * Vault's `pb.Backend` client for one backend instance (one mount) inside a plugin process.
 * Every call carries the instance's `multiplex_id` metadata, which is how a protocol 5 process
 * tells its mounts apart; protocol 4 plugins ignore it.
 */
import { status } from '@grpc/grpc-js';
import { randomInt } from 'node:crypto';
import {
  HandleExistenceCheckArgs,
  HandleExistenceCheckReply,
  HandleRequestArgs,
  HandleRequestReply,
  InitializeArgs,
  InitializeReply,
  InvalidateKeyArgs,
  Empty,
  SetupArgs,
  SetupReply,
  SpecialPathsReply,
  TypeReply,
} from '../gen/pb/backend';
import { VersionReply } from '../gen/logical/version';
import { method, methodWithEmptyRequest } from '../grpc/codec';
import type { PluginConnection } from '../grpc/connection';
import { HostError, isHostError } from '../errors';
import {
  backendTypeFromProto,
  fromProtoResponse,
  replyError,
  specialPathsFromProto,
  toProtoRequest,
  toSetupArgs,
} from './translation';
import type { ExistenceCheckResult, VaultBackendType, VaultRequest, VaultResponse, VaultSpecialPaths } from './types';

const HANDLE_REQUEST = method('/pb.Backend/HandleRequest', HandleRequestArgs, HandleRequestReply);
const EXISTENCE_CHECK = method('/pb.Backend/HandleExistenceCheck', HandleExistenceCheckArgs, HandleExistenceCheckReply);
const SETUP = method('/pb.Backend/Setup', SetupArgs, SetupReply);
const INITIALIZE = method('/pb.Backend/Initialize', InitializeArgs, InitializeReply);
const INVALIDATE_KEY = method('/pb.Backend/InvalidateKey', InvalidateKeyArgs, Empty);
const TYPE = methodWithEmptyRequest('/pb.Backend/Type', TypeReply);
const SPECIAL_PATHS = methodWithEmptyRequest('/pb.Backend/SpecialPaths', SpecialPathsReply);
const CLEANUP = methodWithEmptyRequest('/pb.Backend/Cleanup', Empty);
const PLUGIN_VERSION = methodWithEmptyRequest('/logical.PluginVersion/Version', VersionReply);

const BASE62 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Vault's multiplex ids: 10 random base62 characters per backend instance. */
export function newMultiplexId(): string {
  let id = '';
  for (let i = 0; i < 10; i++) id += BASE62[randomInt(62)];
  return id;
}

function isUnimplemented(error: unknown): boolean {
  return isHostError(error) && error.detail?.['grpcCode'] === status.UNIMPLEMENTED;
}

export class BackendClient {
  constructor(
    private readonly connection: PluginConnection,
    readonly multiplexId: string,
    /** Deadline for lifecycle calls (Setup, Type, SpecialPaths, Initialize, Cleanup). */
    private readonly lifecycleTimeoutMs: number,
  ) {}

  /** Setup's in-band error (e.g. a bad mount option) fails the mount with its text. */
  async setup(brokerId: number, config: Record<string, string>, backendUuid: string): Promise<void> {
    const reply = await this.connection.unary(SETUP, toSetupArgs(brokerId, config, backendUuid), this.multiplexId, this.lifecycleTimeoutMs);
    if (reply.err !== '') {
      throw new HostError('setup_failed', `Plugin "${this.connection.plugin}" refused its configuration: ${reply.err}. Check the mount options.`, {
        pluginMessage: reply.err,
      });
    }
  }

  async type(): Promise<VaultBackendType> {
    const reply = await this.connection.unary(TYPE, {}, this.multiplexId, this.lifecycleTimeoutMs);
    return backendTypeFromProto(reply.type);
  }

  /** Vault swallows errors here (no special paths); so do we. */
  async specialPaths(): Promise<VaultSpecialPaths> {
    try {
      const reply = await this.connection.unary(SPECIAL_PATHS, {}, this.multiplexId, this.lifecycleTimeoutMs);
      return specialPathsFromProto(reply.paths);
    } catch (error) {
      if (isHostError(error) && error.code === 'transport_error') return specialPathsFromProto(undefined);
      throw error;
    }
  }

  /** UNIMPLEMENTED counts as success: older plugins have no Initialize. */
  async initialize(): Promise<void> {
    let reply: InitializeReply;
    try {
      reply = await this.connection.unary(INITIALIZE, {}, this.multiplexId, this.lifecycleTimeoutMs);
    } catch (error) {
      if (isUnimplemented(error)) return;
      throw error;
    }
    const failure = replyError(reply.err, null, '');
    if (failure !== undefined) {
      throw new HostError('setup_failed', `Plugin "${this.connection.plugin}" failed to initialize: ${failure.message}`, failure.detail);
    }
  }

  /** Null for a nil response (Vault answers 404 for read and list). Application errors throw HostError. */
  async handleRequest(request: VaultRequest, timeoutMs: number): Promise<VaultResponse | null> {
    const args: HandleRequestArgs = { storage_id: 0, request: toProtoRequest(request) };
    const reply = await this.connection.unary(HANDLE_REQUEST, args, this.multiplexId, timeoutMs);
    const response = fromProtoResponse(reply.response);
    const failure = replyError(reply.err, response, request.path);
    if (failure !== undefined) throw failure;
    return response;
  }

  async existenceCheck(request: VaultRequest, timeoutMs: number): Promise<ExistenceCheckResult> {
    const args: HandleExistenceCheckArgs = { storage_id: 0, request: toProtoRequest(request) };
    const reply = await this.connection.unary(EXISTENCE_CHECK, args, this.multiplexId, timeoutMs);
    const failure = replyError(reply.err, null, request.path);
    if (failure !== undefined) throw failure;
    return { checkFound: reply.check_found, exists: reply.exists };
  }

  async invalidateKey(key: string): Promise<void> {
    await this.connection.unary(INVALIDATE_KEY, { key }, this.multiplexId, this.lifecycleTimeoutMs);
  }

  async cleanup(): Promise<void> {
    await this.connection.unary(CLEANUP, {}, this.multiplexId, this.lifecycleTimeoutMs);
  }

  /** The version the plugin reports (e.g. `v0.25.0`), '' when unversioned or unsupported. */
  async pluginVersion(): Promise<string> {
    try {
      const reply = await this.connection.unary(PLUGIN_VERSION, {}, this.multiplexId, this.lifecycleTimeoutMs);
      return reply.plugin_version;
    } catch (error) {
      if (isUnimplemented(error)) return '';
      throw error;
    }
  }
}
