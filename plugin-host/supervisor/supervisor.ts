/**
 * The plugin host's front door. Mounts are registered up front; the first request to a mount
 * starts its plugin (lazy start). Protocol 5 plugins that support multiplexing serve every mount
 * of the same catalog entry from one process (one Setup, broker id and multiplex id per mount);
 * others get one process per mount. Crashes fail in-flight requests with `plugin_exited`; the
 * next request restarts the process with capped exponential backoff and re-mounts its backends.
 *
 * Backoff choice: a request that arrives while restarts are paused waits when the pause has at
 * most `maxBackoffWaitMs` (default 1 s) left — the first few restarts of a crash are invisible to
 * callers — and otherwise fails at once with `plugin_backing_off`, which says when it retries.
 *
 * The supervisor owns the mount records (which process serves a mount, an attach in progress)
 * and the set of slots. It never writes a slot's or a backend's state: it asks the slot to
 * `join`, `serve`, `detach`, `tuneLimits` or `reload`, and reads the backend's client.
 */
import { randomUUID } from 'node:crypto';
import { CallbackThread, callbackThreadEnabled } from '../callbacks/callback-thread';
import type { CatalogEntry } from '../catalog/catalog';
import { HostError, hostShuttingDownError, pluginStoppedError } from '../errors';
import { createHostCertificate, type HostCertificate } from '../launch/mtls';
import type { PluginReportSink } from '../vault/events-server';
import type { ExistenceCheckResult } from '../vault/types';
import { SupervisorEvents, type ProcessStatus } from './events';
import { normaliseMountPath, vaultRequestFor, type MountInfo, type MountRequest, type MountResult, type MountSpec } from './mount-spec';
import { MountedBackend } from './mounted-backend';
import { reapOrphanedPlugins } from './orphans';
import { probePlugin } from './plugin-runner';
import { liveProcessesOf, multiplexedAmong } from './process-sharing';
import { SupervisedProcess } from './supervised-process';
import { RollbackTimer } from './rollback-timer';
import { tracedCall } from './traced-call';
import { DEFAULT_REQUEST_TIMEOUT_MS, isDeadlineExceeded, requestDeadlineError } from './deadline-advice';
import { processSettings, type ProcessSettings, type SupervisorOptions } from './supervisor-options';

export type { SupervisorOptions } from './supervisor-options';
export type { MountInfo, MountRequest, MountResult } from './mount-spec';

interface MountRecord {
  spec: MountSpec;
  backend: MountedBackend;
  process: SupervisedProcess | undefined;
  attaching: Promise<void> | undefined;
}

export class PluginSupervisor {
  readonly events = new SupervisorEvents();
  private readonly mounts = new Map<string, MountRecord>();
  private readonly processes = new Map<string, SupervisedProcess>();
  private readonly hostCertificate: Promise<HostCertificate>;
  private readonly requestTimeoutMs: number;
  private readonly settings: ProcessSettings;
  private stopped = false;
  private readonly orphansReaped: Promise<void>;
  /** Sends the periodic rollbacks; `rollbacks.runOnce()` runs a pass now. */
  readonly rollbacks: RollbackTimer;

  constructor(private readonly options: SupervisorOptions) {
    // Made once, ahead of time, so no start pays for key generation.
    this.hostCertificate = createHostCertificate();
    this.hostCertificate.catch(() => undefined);
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.settings = processSettings(options, this.hostCertificate, {
      onStatus: (status) => this.events.emit('status', status),
      onLog: (line) => this.events.emit('log', line),
      reportsFor: (backend) => this.reportSink(backend),
      callbackThread: (options.callbackThread ?? callbackThreadEnabled()) ? new CallbackThread() : undefined,
    });
    this.orphansReaped =
      options.reapOrphans === true && options.socketRoot !== undefined
        ? reapOrphanedPlugins(options.socketRoot).then((line) => {
            if (line !== undefined) this.events.emit('log', line);
          })
        : Promise.resolve();
    this.rollbacks = new RollbackTimer(
      () => this.servingMounts(),
      (mountId) => this.request(mountId, { operation: 'rollback', path: '', data: {} }),
      (line) => this.events.emit('log', line),
    );
    this.rollbacks.start(options.rollbackIntervalMs ?? 60_000);
  }

  /** Resolves when the host certificate exists (useful before timing a cold start). */
  async ready(): Promise<void> {
    await this.hostCertificate;
    await this.orphansReaped;
  }

  /** Registers a mount. Nothing starts until its first request (or `ensureMounted`). */
  addMount(spec: MountSpec): void {
    if (this.mounts.has(spec.id)) throw new Error(`mount ${spec.id} is already registered`);
    const normalised = { ...spec, path: normaliseMountPath(spec.path) };
    this.mounts.set(spec.id, { spec: normalised, backend: new MountedBackend(normalised), process: undefined, attaching: undefined });
  }

  /** Cleanup for the mount's backend; its process stops when no other mount uses it. */
  async removeMount(mountId: string): Promise<void> {
    const record = this.mounts.get(mountId);
    if (record === undefined) return;
    this.mounts.delete(mountId);
    await record.attaching?.catch(() => undefined);
    const process = record.process;
    if (process === undefined) return;
    await process.detach(mountId);
    if (process.mountCount === 0) {
      this.processes.delete(process.id);
      await process.stop();
    }
  }

  /** Starts (or reuses) the mount's plugin and runs the mount sequence without sending a request. */
  async ensureMounted(mountId: string): Promise<MountInfo> {
    const record = this.record(mountId);
    if (!this.isServing(record)) await this.acquire(record);
    return { mountId, processId: record.process?.id ?? '', pid: record.process?.pid, specialPaths: record.backend.specialPaths };
  }

  async request(mountId: string, request: MountRequest, options?: { timeoutMs?: number }): Promise<MountResult> {
    const record = await this.serving(mountId);
    const client = this.clientOf(record);
    const vaultRequest = vaultRequestFor(record.spec, request);
    const timeoutMs = options?.timeoutMs ?? record.spec.requestTimeoutMs ?? this.requestTimeoutMs;
    const process = record.process;
    return tracedCall(record.backend, async (storage) => {
      const response = await client.handleRequest(vaultRequest, timeoutMs);
      // An answered request ends a run of failures: the backoff starts again from its first step.
      process?.recordAnswered();
      return { response, storage };
    }).catch((error: unknown) => this.failedCall(record, 'HandleRequest', request.path, timeoutMs, error));
  }

  /** Vault's create-vs-update probe for write operations. */
  async existenceCheck(mountId: string, request: MountRequest, options?: { timeoutMs?: number }): Promise<ExistenceCheckResult> {
    const record = await this.serving(mountId);
    const client = this.clientOf(record);
    const vaultRequest = vaultRequestFor(record.spec, request);
    const timeoutMs = options?.timeoutMs ?? record.spec.requestTimeoutMs ?? this.requestTimeoutMs;
    return tracedCall(record.backend, () => client.existenceCheck(vaultRequest, timeoutMs)).catch((error: unknown) =>
      this.failedCall(record, 'HandleExistenceCheck', request.path, timeoutMs, error),
    );
  }

  /** A missed deadline names the mount's setting and wakes the CPU watchdog; other errors pass unchanged. */
  private failedCall(record: MountRecord, method: string, path: string, timeoutMs: number, error: unknown): never {
    if (!isDeadlineExceeded(error)) throw error;
    void record.process?.deadlineMissed({ method, path: record.spec.path + path, timeoutMs });
    throw requestDeadlineError(record.spec, method, path, timeoutMs, error);
  }

  /**
   * Vault's plugin reload: each process serving these mounts is replaced in its slot (same id,
   * restart count, last error) from the catalog's current entry; mounts with none are started.
   */
  async reloadMounts(mountIds: string[]): Promise<void> {
    const records = mountIds.map((mountId) => this.record(mountId));
    await Promise.all(records.map((record) => record.attaching?.catch(() => undefined)));
    const processes = new Map<SupervisedProcess, MountRecord>();
    for (const record of records) if (record.process !== undefined && !processes.has(record.process)) processes.set(record.process, record);
    await Promise.all([...processes].map(([process, record]) => process.reload(this.catalogEntry(record.spec))));
    await Promise.all(records.map((record) => this.ensureMounted(record.spec.id)));
  }

  /** Starts a process of this entry (verify, launch, handshake) and stops it: a development rebuild with no mount to reload. */
  async probe(entry: CatalogEntry): Promise<void> {
    if (this.stopped) throw hostShuttingDownError();
    await this.orphansReaped;
    await probePlugin(entry, this.settings, this.settings.onLog);
  }

  /** New limits for a catalog entry reach its running slots at once (the ceiling from the next sample). */
  updateEntry(entry: CatalogEntry): void {
    for (const process of this.processes.values()) process.tuneLimits(entry);
  }

  /** The mount's live client; gone when the mount was removed or its process stopped meanwhile. */
  private clientOf(record: MountRecord): NonNullable<MountedBackend['client']> {
    const client = record.backend.client;
    if (client === undefined) {
      throw pluginStoppedError(`The mount "${record.spec.path}"`, { mount: record.spec.path });
    }
    return client;
  }

  private async serving(mountId: string): Promise<MountRecord> {
    const record = this.record(mountId);
    if (!this.isServing(record)) await this.acquire(record);
    return record;
  }

  async invalidateKey(mountId: string, key: string): Promise<void> {
    const record = this.record(mountId);
    if (this.isServing(record)) await record.backend.client?.invalidateKey(key);
  }

  status(): ProcessStatus[] {
    return [...this.processes.values()].map((process) => process.status());
  }

  /** Status of the process serving a mount, if one was ever started for it. */
  mountStatus(mountId: string): ProcessStatus | undefined {
    return this.mounts.get(mountId)?.process?.status();
  }

  /** Stops every plugin gracefully; the supervisor cannot be used afterwards. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.rollbacks.stop();
    await Promise.all([...this.mounts.values()].map((record) => record.attaching?.catch(() => undefined)));
    await Promise.all([...this.processes.values()].map((process) => process.stop('host_shutdown')));
    this.processes.clear();
    await this.settings.callbackThread?.stop();
  }

  /** The worker serving callbacks off the main thread, when there is one (tests, diagnostics). */
  get callbackThread(): CallbackThread | undefined {
    return this.settings.callbackThread;
  }

  private record(mountId: string): MountRecord {
    const record = this.mounts.get(mountId);
    if (record === undefined) {
      throw new HostError('mount_not_found', `No mount with id "${mountId}" is registered with the plugin host. Enable the mount first.`, { mountId });
    }
    return record;
  }

  private servingMounts() {
    return [...this.mounts.entries()]
      .filter(([, record]) => this.isServing(record))
      .map(([mountId, record]) => ({ mountId, mountPath: record.spec.path, pluginName: record.spec.pluginName, pid: record.process?.pid }));
  }

  private isServing(record: MountRecord): boolean {
    return record.process?.state === 'ready' && record.backend.mounted;
  }

  /** Makes sure the mount is attached to a ready process; concurrent callers share the work. */
  private async acquire(record: MountRecord): Promise<void> {
    if (this.stopped) throw hostShuttingDownError();
    await this.orphansReaped;
    if (record.attaching === undefined) {
      record.attaching = this.attach(record).finally(() => {
        record.attaching = undefined;
      });
    }
    await record.attaching;
  }

  private async attach(record: MountRecord): Promise<void> {
    if (record.process === undefined) {
      const entry = this.catalogEntry(record.spec);
      // With no process of this entry yet, create one without yielding: two mounts attaching in the
      // same tick (a reload, say) must find each other's process rather than each start one.
      const candidates = liveProcessesOf(this.processes.values(), entry);
      const process = (candidates.length > 0 ? await multiplexedAmong(candidates) : undefined) ?? this.newProcess(entry);
      record.process = process;
      process.join(record.backend);
    }
    await record.process.serve(record.backend);
  }

  private newProcess(entry: CatalogEntry): SupervisedProcess {
    // stop() may have run while this attach awaited: never start a plugin behind its back.
    if (this.stopped) throw hostShuttingDownError();
    const process = new SupervisedProcess(randomUUID(), entry, this.settings);
    this.processes.set(process.id, process);
    return process;
  }

  private catalogEntry(spec: MountSpec): CatalogEntry {
    const entry = this.options.catalog.get(spec.pluginType, spec.pluginName, spec.pluginVersion);
    if (entry === undefined) {
      throw new HostError(
        'plugin_not_found',
        `No ${spec.pluginType} plugin "${spec.pluginName}"${spec.pluginVersion ? ` version ${spec.pluginVersion}` : ''} is registered in the catalog. Register it, then retry.`,
        { plugin: spec.pluginName, version: spec.pluginVersion },
      );
    }
    return entry;
  }

  private reportSink(backend: MountedBackend): PluginReportSink {
    return {
      wanted: () => this.events.hasListeners('report'),
      report: (report) =>
        this.events.emit('report', {
          ...report,
          mountId: backend.spec.id,
          mountPath: backend.spec.path,
          plugin: backend.spec.pluginName,
          time: new Date().toISOString(),
        }),
    };
  }
}
