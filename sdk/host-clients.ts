/**
 * Clients for what the host serves back to the plugin on the brokered connection of one backend
 * instance: `pb.Storage` and `pb.SystemView`, over the lean unary channel (`./host-channel`).
 * Storage errors come back in-band (`err` strings) and are thrown as `StorageError`.
 */
import {
  CachingDisabledReply,
  Empty,
  LocalMountReply,
  PluginEnvReply,
  StorageDeleteArgs,
  StorageDeleteReply,
  StorageGetArgs,
  StorageGetReply,
  StorageListArgs,
  StorageListReply,
  StoragePutArgs,
  StoragePutReply,
  TaintedReply,
  TTLReply,
} from './gen/pb/backend';
import type { HostChannel, HostMethod, MessageCodec } from './host-channel';
import { withJsonHelpers } from './storage';
import type { Storage } from './storage';
import type { SystemView } from './system-view';
import { pluginEnvFromPb, storageEntryFromPb, storageEntryToPb, ttlSecondsFromPb } from './translation';

export class StorageError extends Error {}

const method = <Req, Res>(path: string, request: MessageCodec<Req>, response: MessageCodec<Res>): HostMethod<Req, Res> => ({ path, request, response });

const GET = method('/pb.Storage/Get', StorageGetArgs, StorageGetReply);
const PUT = method('/pb.Storage/Put', StoragePutArgs, StoragePutReply);
const DELETE = method('/pb.Storage/Delete', StorageDeleteArgs, StorageDeleteReply);
const LIST = method('/pb.Storage/List', StorageListArgs, StorageListReply);
const DEFAULT_LEASE_TTL = method('/pb.SystemView/DefaultLeaseTTL', Empty, TTLReply);
const MAX_LEASE_TTL = method('/pb.SystemView/MaxLeaseTTL', Empty, TTLReply);
const TAINTED = method('/pb.SystemView/Tainted', Empty, TaintedReply);
const CACHING_DISABLED = method('/pb.SystemView/CachingDisabled', Empty, CachingDisabledReply);
const LOCAL_MOUNT = method('/pb.SystemView/LocalMount', Empty, LocalMountReply);
const PLUGIN_ENV = method('/pb.SystemView/PluginEnv', Empty, PluginEnvReply);
const EMPTY: Empty = {};

function checked<T extends { err: string }>(reply: T, what: string): T {
  if (reply.err !== '') throw new StorageError(`storage ${what} failed: ${reply.err}`);
  return reply;
}

export function remoteStorage(channel: HostChannel): Storage {
  return withJsonHelpers({
    get: async (key) => storageEntryFromPb(checked(await channel.call(GET, { key }), `get of "${key}"`).entry),
    put: async (entry) => void checked(await channel.call(PUT, { entry: storageEntryToPb(entry) }), `put of "${entry.key}"`),
    delete: async (key) => void checked(await channel.call(DELETE, { key }), `delete of "${key}"`),
    list: async (prefix) => checked(await channel.call(LIST, { prefix }), `list of "${prefix}"`).keys,
  });
}

export function remoteSystemView(channel: HostChannel): SystemView {
  return {
    defaultLeaseTtl: async () => ttlSecondsFromPb(await channel.call(DEFAULT_LEASE_TTL, EMPTY)),
    maxLeaseTtl: async () => ttlSecondsFromPb(await channel.call(MAX_LEASE_TTL, EMPTY)),
    tainted: async () => (await channel.call(TAINTED, EMPTY)).tainted,
    cachingDisabled: async () => (await channel.call(CACHING_DISABLED, EMPTY)).disabled,
    localMount: async () => (await channel.call(LOCAL_MOUNT, EMPTY)).local,
    pluginEnv: async () => pluginEnvFromPb(await channel.call(PLUGIN_ENV, EMPTY)),
  };
}
