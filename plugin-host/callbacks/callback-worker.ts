/**
 * The callback thread's entry (a worker_threads Worker started by `callback-thread.ts`). It owns the
 * brokered servers' sockets — node:http2 over node:tls with the same mTLS pinning as on the main
 * thread (`grpc/unary-server.ts`) — decodes and answers Storage from its own store (the module the
 * port names, with its own connection and keyring copy) and SystemView from the mount's settings,
 * and forwards Events/Observations to the main thread once per event-loop turn. Storage traces go
 * back on their own port, each posted before the plugin gets its reply.
 */
import { rm } from 'node:fs/promises';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { UnaryServer, type UnaryHandler, type UnaryHandlers } from '../grpc/unary-server';
import type { OffThreadStorage, OffThreadStore } from '../storage-port';
import { storageTrace, type StorageTraceSink } from '../vault/request-trace';
import { guardWrites } from '../vault/setup-storage';
import { storageHandlers } from '../vault/storage-server';
import { systemViewHandlers } from '../vault/system-view-server';
import type { ForwardedReport, FromWorker, ThreadServerSpec, ToWorker, TraceMessage } from './thread-messages';

/** The function a store module exports for this thread. */
export const OFF_THREAD_STORE_EXPORT = 'openOffThreadStore';

const control = parentPort!;
const tracePort = (workerData as { traces: MessagePort }).traces;

interface OpenStore {
  store: Promise<OffThreadStore>;
  users: number;
}

const servers = new Map<number, { server: UnaryServer; storeId: string }>();
const stores = new Map<string, OpenStore>();
let reports: ForwardedReport[] = [];

function send(message: FromWorker): void {
  control.postMessage(message);
}

function acquireStore(storage: OffThreadStorage): Promise<OffThreadStore> {
  let open = stores.get(storage.store.id);
  if (open === undefined) {
    const store = import(storage.moduleUrl).then((module: Record<string, unknown>) => {
      const openStore = module[OFF_THREAD_STORE_EXPORT];
      if (typeof openStore !== 'function') throw new Error(`${storage.moduleUrl} does not export ${OFF_THREAD_STORE_EXPORT}`);
      return (openStore as (store: unknown) => OffThreadStore)(storage.store);
    });
    open = { store, users: 0 };
    stores.set(storage.store.id, open);
  }
  open.users += 1;
  return open.store;
}

function releaseStore(storeId: string): void {
  const open = stores.get(storeId);
  if (open === undefined) return;
  open.users -= 1;
  if (open.users > 0) return;
  stores.delete(storeId);
  open.store.then((store) => store.close(), () => undefined);
}

/** Sends a trace only while a request on the mount is in flight (the tracer would drop it). */
function forwardingTracer(serverId: number, inFlight: Int32Array): StorageTraceSink {
  return {
    record(operation, key, bytes, startedAt, error, errorCode) {
      if (Atomics.load(inFlight, 0) === 0) return;
      const message: TraceMessage = { serverId, trace: storageTrace(operation, key, bytes, startedAt, error, errorCode) };
      tracePort.postMessage(message);
    },
  };
}

const EMPTY_REPLY = new Uint8Array(0);

function flushReports(): void {
  const batch = reports;
  reports = [];
  send({ type: 'reports', reports: batch });
}

function forwardedReport(serverId: number, method: string): UnaryHandler {
  return (bytes) => {
    // A copy: `bytes` may be a view into a larger buffer, which cloning would copy whole.
    if (reports.length === 0) setImmediate(flushReports);
    reports.push({ serverId, method, bytes: new Uint8Array(bytes) });
    return EMPTY_REPLY;
  };
}

async function serve(serverId: number, spec: ThreadServerSpec, replace: boolean): Promise<void> {
  const store = await acquireStore(spec.storage);
  try {
    const handlers: UnaryHandlers = {
      ...storageHandlers(guardWrites(store.view(spec.storage.scope), spec.writable), forwardingTracer(serverId, spec.inFlight)),
      ...systemViewHandlers(spec.systemView),
      '/pb.Events/SendEvent': forwardedReport(serverId, '/pb.Events/SendEvent'),
      '/pb.Observations/RecordObservation': forwardedReport(serverId, '/pb.Observations/RecordObservation'),
    };
    const server = new UnaryServer(handlers, { keyPem: spec.keyPem, certPem: spec.certPem }, spec.pluginCertPem);
    if (replace) await rm(spec.address, { force: true });
    try {
      await server.listen(spec.address);
    } catch (error) {
      await server.close();
      throw error;
    }
    servers.set(serverId, { server, storeId: spec.storage.store.id });
  } catch (error) {
    releaseStore(spec.storage.store.id);
    throw error;
  }
}

async function close(serverId: number): Promise<void> {
  const served = servers.get(serverId);
  if (served === undefined) return;
  servers.delete(serverId);
  await served.server.close();
  releaseStore(served.storeId);
}

control.on('message', (message: ToWorker) => {
  const done = message.type === 'serve' ? serve(message.serverId, message.spec, message.replace) : close(message.serverId);
  done.then(
    () => send({ type: 'done', op: message.type, serverId: message.serverId }),
    (error: unknown) => send({ type: 'done', op: message.type, serverId: message.serverId, error: error instanceof Error ? error.message : String(error) }),
  );
});
