/**
 * Vault's `pb.Storage`, served by the host to one backend instance over its brokered connection.
 * Calls go to the mount's StoragePort (which scopes keys to the mount); failures travel in-band in
 * `err`, as the Go SDK expects, and each call is traced against the request in flight.
 */
import {
  StorageDeleteArgs,
  StorageDeleteReply,
  StorageGetArgs,
  StorageGetReply,
  StorageListArgs,
  StorageListReply,
  StoragePutArgs,
  StoragePutReply,
} from '../gen/pb/backend';
import { unaryHandler, type UnaryHandlers } from '../grpc/unary-server';
import type { StoragePort } from '../storage-port';
import type { StorageTraceSink } from './request-trace';
import { storageEntryFromProto, storageEntryToProto } from './translation';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The storage's stable code (e.g. `invalid_storage_key`), when the error carries one. */
function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function storageHandlers(storage: StoragePort, tracer: StorageTraceSink): UnaryHandlers {
  return {
    '/pb.Storage/List': unaryHandler(StorageListArgs, StorageListReply, async ({ prefix }) => {
      const startedAt = performance.now();
      try {
        const keys = await storage.list(prefix);
        tracer.record('list', prefix, keys.length, startedAt);
        return { keys, err: '' };
      } catch (error) {
        tracer.record('list', prefix, 0, startedAt, messageOf(error), codeOf(error));
        return { keys: [], err: messageOf(error) };
      }
    }),
    '/pb.Storage/Get': unaryHandler(StorageGetArgs, StorageGetReply, async ({ key }) => {
      const startedAt = performance.now();
      try {
        const entry = await storage.get(key);
        tracer.record('get', key, entry?.value.byteLength ?? 0, startedAt);
        return { entry: entry === undefined ? undefined : storageEntryToProto(entry), err: '' };
      } catch (error) {
        tracer.record('get', key, 0, startedAt, messageOf(error), codeOf(error));
        return { entry: undefined, err: messageOf(error) };
      }
    }),
    '/pb.Storage/Put': unaryHandler(StoragePutArgs, StoragePutReply, async (args) => {
      const startedAt = performance.now();
      const entry = storageEntryFromProto(args.entry);
      if (entry === undefined) return { err: 'storage put without an entry', walIndex: undefined };
      try {
        await storage.put(entry);
        tracer.record('put', entry.key, entry.value.byteLength, startedAt);
        return { err: '', walIndex: undefined };
      } catch (error) {
        tracer.record('put', entry.key, entry.value.byteLength, startedAt, messageOf(error), codeOf(error));
        return { err: messageOf(error), walIndex: undefined };
      }
    }),
    '/pb.Storage/Delete': unaryHandler(StorageDeleteArgs, StorageDeleteReply, async ({ key }) => {
      const startedAt = performance.now();
      try {
        await storage.delete(key);
        tracer.record('delete', key, 0, startedAt);
        return { err: '', walIndex: undefined };
      } catch (error) {
        tracer.record('delete', key, 0, startedAt, messageOf(error), codeOf(error));
        return { err: messageOf(error), walIndex: undefined };
      }
    }),
  };
}
