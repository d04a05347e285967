/**
 * The callback thread, main side: one worker (per supervisor) that serves the brokered callback
 * services of every mount whose storage can be opened off the main thread (`OffThreadStorage`),
 * so the main thread only sends requests and routes replies. The worker owns the sockets and the
 * mTLS, answers Storage and SystemView itself and forwards Events/Observations here.
 *
 * Traces: the worker posts each storage call's trace on a port nobody listens to; `drain` takes
 * them in synchronously (`receiveMessageOnPort`), and the tracer drains before every begin and end
 * of a request, so a request sees exactly the storage calls answered while it was in flight.
 *
 * A worker that dies (a crash, an uncaught error) takes nothing else down: a new one is started at
 * once and serves every live server again on the same socket, where the plugin's gRPC client
 * reconnects. Three deaths in a row without a successful serve stop that, with advice.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort, type WorkerOptions } from 'node:worker_threads';
import { HostError } from '../errors';
import type { StorageTrace } from '../vault/request-trace';
import type { FromWorker, ThreadServerSpec, ToWorker, TraceMessage } from './thread-messages';

export interface ThreadServerHooks {
  /** A storage call's trace, taken in by `drain`. */
  trace(trace: StorageTrace): void;
  /** An undecoded SendEvent / RecordObservation request. */
  report(method: string, bytes: Uint8Array): void;
}

export interface ThreadServer {
  close(): Promise<void>;
}

/**
 * Off by default for now: `STRONGROOM_CALLBACK_THREAD=1` turns it on, `0` (or unset) serves the
 * callbacks on the main thread as before. Why not on yet: the bounded soak's RSS-slope check fails
 * about one run in three with it on (the worker's heap grows to a plateau some 8,000 requests in,
 * which no main-thread GC can collect); see bench/README.md "The callback thread".
 */
export function callbackThreadEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.STRONGROOM_CALLBACK_THREAD === '1';
}

/** The worker's entry: this folder's source under tsx, or its bundle beside the bundled main process. */
function defaultWorkerUrl(): URL {
  const bundled = !import.meta.url.endsWith('.ts');
  return new URL(bundled ? './callback-worker.mjs' : './callback-worker.ts', import.meta.url);
}

/**
 * Under tsx (the source tree) Node 20 does not carry tsx's loader hooks into a worker, so the worker
 * registers them itself before importing its `.ts` entry; the bundled app starts its `.mjs` directly.
 */
function startWorker(url: URL, options: WorkerOptions): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

const MAX_DEATHS_IN_A_ROW = 3;

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

export class CallbackThread {
  private worker: Worker | undefined;
  private tracePort: MessagePort | undefined;
  private readonly servers = new Map<number, { spec: ThreadServerSpec; hooks: ThreadServerHooks }>();
  private readonly waiters = new Map<string, Waiter>();
  private lastServerId = 0;
  private deathsInARow = 0;
  private restartsValue = 0;
  private stopped = false;

  constructor(private readonly workerUrl: URL = defaultWorkerUrl()) {}

  /** How many times a dead worker was replaced. */
  get restarts(): number {
    return this.restartsValue;
  }

  /** The live worker's thread id, if one runs (tests and diagnostics). */
  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  /** Ends the live worker abruptly, as a crash would (tests). */
  async killWorker(): Promise<void> {
    await this.worker?.terminate();
  }

  /** Listens on `spec.address` in the worker; resolves once the socket accepts connections. */
  async serve(spec: ThreadServerSpec, hooks: ThreadServerHooks): Promise<ThreadServer> {
    if (this.stopped) throw new HostError('host_shutting_down', 'The plugin host is stopping; no callback server starts now.');
    const serverId = ++this.lastServerId;
    this.servers.set(serverId, { spec, hooks });
    try {
      await this.request({ type: 'serve', serverId, replace: false, spec });
    } catch (error) {
      this.servers.delete(serverId);
      throw error;
    }
    return { close: () => this.closeServer(serverId) };
  }

  /** Takes in every trace the worker has posted so far (cheap when there is none). */
  drain(): void {
    const port = this.tracePort;
    if (port === undefined) return;
    for (let received = receiveMessageOnPort(port); received !== undefined; received = receiveMessageOnPort(port)) {
      const { serverId, trace } = received.message as TraceMessage;
      this.servers.get(serverId)?.hooks.trace(trace);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.servers.clear();
    const worker = this.worker;
    this.forgetWorker();
    this.settleWaiters(() => true);
    await worker?.terminate();
  }

  private async closeServer(serverId: number): Promise<void> {
    if (!this.servers.delete(serverId) || this.worker === undefined) return;
    await this.request({ type: 'close', serverId });
  }

  private request(message: ToWorker): Promise<void> {
    const key = `${message.type}:${message.serverId}`;
    const done = new Promise<void>((resolve, reject) => this.waiters.set(key, { resolve, reject }));
    this.ensureWorker().postMessage(message);
    this.worker?.ref();
    return done;
  }

  private ensureWorker(): Worker {
    if (this.worker !== undefined) return this.worker;
    const { port1, port2 } = new MessageChannel();
    const worker = startWorker(this.workerUrl, { workerData: { traces: port2 }, transferList: [port2] });
    worker.on('message', (message: FromWorker) => this.onMessage(message));
    worker.on('error', () => {}); // its exit follows; handled there
    worker.on('exit', () => this.onExit(worker));
    this.worker = worker;
    this.tracePort = port1;
    return worker;
  }

  private onMessage(message: FromWorker): void {
    if (message.type === 'reports') {
      for (const report of message.reports) this.servers.get(report.serverId)?.hooks.report(report.method, report.bytes);
      return;
    }
    if (message.op === 'serve' && message.error === undefined) this.deathsInARow = 0;
    const key = `${message.op}:${message.serverId}`;
    const waiter = this.waiters.get(key);
    this.waiters.delete(key);
    if (message.error === undefined) waiter?.resolve();
    else waiter?.reject(new HostError('transport_error', `The callback thread could not serve plugin callbacks: ${message.error}`));
    if (this.waiters.size === 0) this.worker?.unref();
  }

  private onExit(worker: Worker): void {
    if (this.worker !== worker) return; // stopped, or already replaced
    this.drain(); // what the dead worker posted before it died still counts
    this.forgetWorker();
    this.settleWaiters((key) => key.startsWith('close:'));
    if (this.servers.size === 0) return;
    this.deathsInARow += 1;
    if (this.deathsInARow >= MAX_DEATHS_IN_A_ROW) {
      this.servers.clear();
      this.settleWaiters(
        () => false,
        new HostError(
          'transport_error',
          `The callback thread stopped ${MAX_DEATHS_IN_A_ROW} times in a row, so plugins lost their storage. ` +
            'Unset STRONGROOM_CALLBACK_THREAD (or set it to 0) and restart Strongroom to serve plugin callbacks on the main thread, and report it.',
        ),
      );
      return;
    }
    this.restartsValue += 1;
    for (const [serverId, { spec }] of this.servers) {
      const key = `serve:${serverId}`;
      if (!this.waiters.has(key)) this.waiters.set(key, { resolve: () => {}, reject: () => {} });
      this.ensureWorker().postMessage({ type: 'serve', serverId, replace: true, spec } satisfies ToWorker);
    }
  }

  private forgetWorker(): void {
    this.worker?.removeAllListeners('message');
    this.tracePort?.close();
    this.worker = undefined;
    this.tracePort = undefined;
  }

  /** Resolves the waiters `resolves` picks; rejects the others with `error` (if given). */
  private settleWaiters(resolves: (key: string) => boolean, error?: Error): void {
    for (const [key, waiter] of this.waiters) {
      if (resolves(key)) waiter.resolve();
      else if (error !== undefined) waiter.reject(error);
      else continue;
      this.waiters.delete(key);
    }
  }
}
