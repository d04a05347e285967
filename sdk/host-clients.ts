/**
 * Clients for what the host serves back to the plugin on the brokered connection of one backend
 * instance: `pb.Storage` and `pb.SystemView`. Storage errors come back in-band (`err` strings)
 * and are thrown as `StorageError`.
 */
import type * as grpc from '@grpc/grpc-js';
import { StorageService, SystemViewService } from './gen/pb/backend';
import { withJsonHelpers } from './storage';
import type { Storage } from './storage';
import type { SystemView } from './system-view';
import { pluginEnvFromPb, storageEntryFromPb, storageEntryToPb, ttlSecondsFromPb } from './translation';

export class StorageError extends Error {}

interface UnaryDefinition<Req, Res> {
  path: string;
  requestSerialize(value: Req): Buffer;
  responseDeserialize(bytes: Buffer): Res;
}

/** One unary call; the brokered connection is shared by every request of the instance. */
function call<Req, Res>(client: grpc.Client, method: UnaryDefinition<Req, Res>, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(method.path, method.requestSerialize, method.responseDeserialize, request, (error, reply) => {
      if (error !== null || reply === undefined) reject(error ?? new Error(`${method.path}: empty reply`));
      else resolve(reply);
    });
  });
}

function checked<T extends { err: string }>(reply: T, what: string): T {
  if (reply.err !== '') throw new StorageError(`storage ${what} failed: ${reply.err}`);
  return reply;
}

export function remoteStorage(client: grpc.Client): Storage {
  return withJsonHelpers({
    get: async (key) => storageEntryFromPb(checked(await call(client, StorageService.get, { key }), `get of "${key}"`).entry),
    put: async (entry) => void checked(await call(client, StorageService.put, { entry: storageEntryToPb(entry) }), `put of "${entry.key}"`),
    delete: async (key) => void checked(await call(client, StorageService.delete, { key }), `delete of "${key}"`),
    list: async (prefix) => checked(await call(client, StorageService.list, { prefix }), `list of "${prefix}"`).keys,
  });
}

export function remoteSystemView(client: grpc.Client): SystemView {
  return {
    defaultLeaseTtl: async () => ttlSecondsFromPb(await call(client, SystemViewService.defaultLeaseTtl, {})),
    maxLeaseTtl: async () => ttlSecondsFromPb(await call(client, SystemViewService.maxLeaseTtl, {})),
    tainted: async () => (await call(client, SystemViewService.tainted, {})).tainted,
    cachingDisabled: async () => (await call(client, SystemViewService.cachingDisabled, {})).disabled,
    localMount: async () => (await call(client, SystemViewService.localMount, {})).local,
    pluginEnv: async () => pluginEnvFromPb(await call(client, SystemViewService.pluginEnv, {})),
  };
}
