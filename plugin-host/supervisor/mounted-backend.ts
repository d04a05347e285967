/**
 * One mount's backend instance inside a plugin process: its brokered Storage/SystemView/Events
 * server, its `multiplex_id`, and Vault's mount sequence (Setup → Type → SpecialPaths →
 * Initialize). It is re-run on every (re)start of the process; the multiplex id stays the same.
 *
 * It alone changes its state — the client requests go through, what the plugin reported (type,
 * special paths), whether it ever mounted, and why its last mount on a (re)start failed — and
 * only through the methods below; the process slot and the supervisor read it.
 */
import type { CallbackThread } from '../callbacks/callback-thread';
import type { HostBroker, BrokeredServer } from '../grpc/broker';
import type { PluginConnection } from '../grpc/connection';
import { HostError, isHostError } from '../errors';
import { BackendClient, newMultiplexId } from '../vault/backend-client';
import { offThreadStorageOf, type OffThreadStorage, type StoragePort } from '../storage-port';
import { eventHandlers, type PluginReportSink } from '../vault/events-server';
import { RequestTracer } from '../vault/request-trace';
import { readOnlyDuringSetup } from '../vault/setup-storage';
import { storageHandlers } from '../vault/storage-server';
import { systemViewHandlers, type SystemViewSettings } from '../vault/system-view-server';
import type { VaultBackendType, VaultSpecialPaths } from '../vault/types';
import { DEFAULT_LEASE_TTL_SECONDS, type MountSpec } from './mount-spec';

export interface MountContext {
  connection: PluginConnection;
  broker: HostBroker;
  pluginVersion: string;
  vaultVersion: string;
  lifecycleTimeoutMs: number;
  reports: PluginReportSink;
  /** Serves the callbacks of mounts whose storage allows it off the main thread. */
  callbackThread?: CallbackThread;
}

export class MountedBackend {
  readonly multiplexId = newMultiplexId();
  readonly tracer = new RequestTracer();
  private clientValue: BackendClient | undefined;
  private typeValue: VaultBackendType = 'unknown';
  private specialPathsValue: VaultSpecialPaths | undefined;
  private mountError: HostError | undefined;
  private everMountedValue = false;
  private server: BrokeredServer | undefined;

  constructor(readonly spec: MountSpec) {}

  /** Set while mounted on a live process; requests go through it. */
  get client(): BackendClient | undefined {
    return this.clientValue;
  }

  get mounted(): boolean {
    return this.clientValue !== undefined;
  }

  /** What the plugin's `Type` answered at the last successful mount. */
  get type(): VaultBackendType {
    return this.typeValue;
  }

  get specialPaths(): VaultSpecialPaths | undefined {
    return this.specialPathsValue;
  }

  /** Mounted successfully at least once: re-mounted on every restart of its process. */
  get everMounted(): boolean {
    return this.everMountedValue;
  }

  /**
   * The mount sequence as part of a (re)start of its process: a failure is kept for this mount's
   * own next request (`takeMountError`) while the process serves its other mounts, and returned.
   */
  async mountOnStart(context: MountContext): Promise<HostError | undefined> {
    try {
      await this.mount(context);
      this.mountError = undefined;
      return undefined;
    } catch (error) {
      const failure = isHostError(error) ? error : new HostError('setup_failed', String(error));
      this.mountError = failure;
      return failure;
    }
  }

  /** Why the last mount on a (re)start failed, if it did; reported once, so it is cleared here. */
  takeMountError(): HostError | undefined {
    const failure = this.mountError;
    this.mountError = undefined;
    return failure;
  }

  async mount(context: MountContext): Promise<void> {
    const { spec } = this;
    const client = new BackendClient(context.connection, this.multiplexId, context.lifecycleTimeoutMs);
    const brokerId = context.broker.nextId();
    const storage = readOnlyDuringSetup(spec.storage);
    const systemView: SystemViewSettings = {
      defaultLeaseTtlSeconds: spec.defaultLeaseTtlSeconds ?? DEFAULT_LEASE_TTL_SECONDS,
      maxLeaseTtlSeconds: spec.maxLeaseTtlSeconds ?? DEFAULT_LEASE_TTL_SECONDS,
      vaultVersion: context.vaultVersion,
    };
    const offThread = context.callbackThread === undefined ? undefined : offThreadStorageOf(spec.storage);
    const config = {
      ...spec.options,
      plugin_name: spec.pluginName,
      plugin_type: spec.pluginType,
      plugin_version: context.pluginVersion,
    };
    // As in go-plugin, the announcement and Setup race: the plugin waits up to 5 s for the ConnInfo.
    const serving =
      offThread === undefined || context.callbackThread === undefined
        ? this.serveOnMainThread(context, brokerId, storage.port, systemView)
        : this.serveOnThread(context, context.callbackThread, brokerId, { storage: offThread, writable: storage.writable, systemView });
    serving.catch(() => undefined); // awaited below; a failure before then must not be an unhandled rejection
    try {
      await client.setup(brokerId, config, spec.id);
      storage.allowWrites();
      this.server = await serving;
      const [type, specialPaths] = await Promise.all([client.type(), client.specialPaths()]);
      if (type !== spec.pluginType) {
        throw new HostError(
          'wrong_backend_type',
          `Plugin "${spec.pluginName}" is a ${type === 'unknown' ? 'backend of unknown type' : `${type} plugin`}, ` +
            `but it was mounted as ${spec.pluginType === 'auth' ? 'an auth method' : 'a secrets engine'} at "${spec.path}". Register it under the right type.`,
          { reported: type, expected: spec.pluginType },
        );
      }
      await client.initialize();
      this.typeValue = type;
      this.specialPathsValue = specialPaths;
      this.clientValue = client;
      this.everMountedValue = true;
    } catch (error) {
      // A half-mounted backend must not keep serving storage to the plugin.
      await serving.then((server) => server.close(), () => undefined);
      this.server = undefined;
      throw error;
    }
  }

  private serveOnMainThread(context: MountContext, brokerId: number, storage: StoragePort, systemView: SystemViewSettings): Promise<BrokeredServer> {
    this.tracer.setDrain(undefined);
    return context.broker.acceptAndServe(brokerId, {
      ...storageHandlers(storage, this.tracer),
      ...systemViewHandlers(systemView),
      ...eventHandlers(context.reports),
    });
  }

  /** The callback thread serves Storage and SystemView; Events/Observations come back here. */
  private serveOnThread(
    context: MountContext,
    thread: CallbackThread,
    brokerId: number,
    mount: { storage: OffThreadStorage; writable: Int32Array; systemView: SystemViewSettings },
  ): Promise<BrokeredServer> {
    const reports = eventHandlers(context.reports);
    this.tracer.setDrain(() => thread.drain());
    return context.broker.acceptAndServeWith(brokerId, (address, certificates) =>
      thread.serve(
        { ...mount, address, keyPem: certificates.host.keyPem, certPem: certificates.host.certPem, pluginCertPem: certificates.pluginPem, inFlight: this.tracer.inFlight },
        {
          trace: (trace) => this.tracer.add(trace),
          report: (method, bytes) => void reports[method]?.(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
        },
      ),
    );
  }

  /** Graceful unmount on a live process: Cleanup, then stop serving storage. */
  async unmount(): Promise<void> {
    const client = this.clientValue;
    this.clientValue = undefined;
    await client?.cleanup().catch(() => undefined);
    await this.server?.close();
    this.server = undefined;
  }

  /** The process is gone: forget the connection-bound parts (the broker closed the server). */
  detach(): void {
    this.clientValue = undefined;
    this.server = undefined;
  }
}
