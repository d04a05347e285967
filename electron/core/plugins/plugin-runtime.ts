/**
 * The running plugin side of the core: the catalog (persisted in the barrier) and the supervisor
 * that starts plugins for mounts. Rebuilt whole when the plugin directory changes (the catalog
 * resolves commands inside it), torn down when Strongroom seals. Supervisor events are forwarded
 * to the contract's event bus with mount ids replaced by mount paths; log lines are kept in a
 * bounded history (`plugins.logs`) and pushed in batches, not one event per line.
 */
import { KeptBinaries, PluginCatalog, PluginSupervisor, type BuiltinCatalogEntry, type CatalogEntry, type ProcessStatus } from '../../../plugin-host';
import type { PluginProcessView } from '../../common/contract/plugins';
import type { Storage } from '../../storage';
import type { EventBus } from '../event-bus';
import type { MountEntry } from '../mounts/mount-table';
import { BarrierCatalogStore } from './barrier-catalog-store';
import { PluginLogBatcher } from './plugin-log-batcher';
import { PluginLogHistory } from './plugin-log-history';
import { StorageCapture } from '../storage-inspector/storage-capture';

export interface PluginRuntimeOptions {
  storage: Storage;
  events: EventBus;
  /** Mount uuid → current path, for events and status. */
  mountPath: (uuid: string) => string | undefined;
  /** Short, private parent for plugin sockets. */
  socketRoot: string;
  /** The plugins shipped with Strongroom (`core/builtins/`), listed and served beside the registered ones. */
  builtins?: readonly BuiltinCatalogEntry[];
  /** Where copies of pinned binaries are kept (`<dataDir>/plugin-pins`): re-pins can be undone, development mode runs from them. */
  keptDirectory?: string;
}

export class PluginRuntime {
  catalog!: PluginCatalog;
  supervisor!: PluginSupervisor;
  /** Outlives directory changes; lives as long as Strongroom stays unsealed. */
  readonly logs = new PluginLogHistory();
  /** The storage inspector's per-request diffs; each mount's storage goes through it (off by default). */
  readonly capture = new StorageCapture();
  private readonly logBatcher: PluginLogBatcher;
  private unsubscribe: Array<() => void> = [];

  constructor(
    private readonly options: PluginRuntimeOptions,
    directory: string,
  ) {
    this.logBatcher = new PluginLogBatcher((batch) => options.events.publish('plugins.log', batch));
    this.build(directory);
  }

  /** Registers every mount with the supervisor (plugins start lazily, on first use). */
  addMounts(entries: MountEntry[]): void {
    for (const entry of entries) this.addMount(entry);
  }

  addMount(entry: MountEntry): void {
    this.supervisor.addMount({
      id: entry.uuid,
      path: entry.path,
      pluginType: entry.pluginType,
      pluginName: entry.pluginName,
      pluginVersion: entry.pluginVersion === '' ? undefined : entry.pluginVersion,
      options: entry.options,
      storage: this.capture.wrap(entry.uuid, this.options.storage.mountView(entry.uuid)),
      defaultLeaseTtlSeconds: entry.defaultLeaseTtl === 0 ? undefined : entry.defaultLeaseTtl,
      maxLeaseTtlSeconds: entry.maxLeaseTtl === 0 ? undefined : entry.maxLeaseTtl,
      mountAccessor: entry.accessor,
      requestTimeoutMs: (entry.requestTimeout ?? 0) === 0 ? undefined : (entry.requestTimeout ?? 0) * 1000,
    });
  }

  /** New plugin directory: stop every plugin, reload the catalog there, re-register the mounts. */
  async changeDirectory(directory: string, mounts: MountEntry[]): Promise<void> {
    await this.stop();
    this.build(directory);
    this.addMounts(mounts);
  }

  /** Vault's reload: each process serving these mounts is replaced in its slot (same id, restart count, history). */
  async reload(mounts: MountEntry[]): Promise<void> {
    await this.supervisor.reloadMounts(mounts.map((entry) => entry.uuid));
  }

  /** Starts the entry's binary once and stops it (a development rebuild no mount uses); rejects as a start would. */
  async probe(entry: CatalogEntry): Promise<void> {
    await this.supervisor.probe(entry);
  }

  status(): PluginProcessView[] {
    return this.supervisor.status().map((status) => this.processView(status));
  }

  async stop(): Promise<void> {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    await this.supervisor.stop();
    this.logBatcher.flush();
  }

  private build(directory: string): void {
    const { events, socketRoot } = this.options;
    this.catalog = new PluginCatalog({
      pluginDirectory: directory,
      store: new BarrierCatalogStore(this.options.storage),
      builtins: this.options.builtins,
      kept: this.options.keptDirectory === undefined ? undefined : new KeptBinaries(this.options.keptDirectory),
    });
    this.supervisor = new PluginSupervisor({ catalog: this.catalog, socketRoot, reapOrphans: true });
    this.unsubscribe = [
      this.supervisor.events.on('status', (status) => events.publish('plugins.status', this.processView(status))),
      this.supervisor.events.on('log', (line) => this.logBatcher.add(this.logs.add(line))),
      this.supervisor.events.on('report', (report) =>
        events.publish('plugins.event', {
          kind: report.kind,
          type: report.type,
          data: report.data,
          mountPath: this.options.mountPath(report.mountId) ?? report.mountPath,
          plugin: report.plugin,
          time: report.time,
        }),
      ),
    ];
  }

  private processView(status: ProcessStatus): PluginProcessView {
    return {
      id: status.id,
      plugin: status.plugin,
      pluginType: status.pluginType,
      version: status.version,
      state: status.state,
      pid: status.pid ?? null,
      uptimeMs: status.uptimeMs,
      restarts: status.restarts,
      lastError: status.lastError ?? null,
      mounts: status.mounts.map((uuid) => this.options.mountPath(uuid) ?? uuid),
      protocolVersion: status.protocolVersion ?? null,
      multiplexed: status.multiplexed ?? null,
      retryAt: status.retryAt === undefined ? null : new Date(status.retryAt).toISOString(),
      memoryLimitMiB: status.memoryLimitMiB,
      resources: status.resources ?? null,
      runningVersion: status.runningVersion ?? null,
      runningSha256: status.runningSha256 ?? null,
    };
  }
}
