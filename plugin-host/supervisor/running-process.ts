/**
 * One live plugin process of a slot: what the runner spawned (`plugin-runner.ts`), the transport
 * to it (`plugin-transport.ts`) and the watch on its memory and CPU. It owns what is known about
 * this one process and nothing else: why the host killed it, the Go panic line it printed,
 * whether a reload is retiring it, and the version it reports. Its life ends in `shutDown` (graceful) and then `dispose`. The slot
 * (`supervised-process.ts`) mounts backends on it, watches it and replaces it.
 */
import type { CatalogEntry } from '../catalog/catalog';
import type { HostError } from '../errors';
import type { HostBroker } from '../grpc/broker';
import type { PluginConnection } from '../grpc/connection';
import { requestShutdown } from '../grpc/plugin-services';
import type { LaunchedPlugin, PluginExit } from '../launch/launcher';
import type { PluginLogLine } from '../launch/log-line';
import type { BackendClient } from '../vault/backend-client';
import { removeSocketDir, spawnPlugin, type SpawnedPlugin, type StartSettings } from './plugin-runner';
import { connectTransport, type PluginTransport } from './plugin-transport';
import { pluginExitedError } from './process-errors';
import type { ResourceWatch } from './resource-watch';

export type { StartSettings } from './plugin-runner';

export class RunningProcess {
  private killReasonValue: HostError | undefined;
  private retiringValue = false;
  private pluginVersionValue: string | undefined;
  /** The Go runtime's "panic: …" / "fatal error: …" line, for the exit error. */
  private panicLine: string | undefined;

  private constructor(
    private readonly pluginName: string,
    private readonly spawned: SpawnedPlugin,
    private readonly transport: PluginTransport,
    readonly watch: ResourceWatch,
  ) {}

  /** Spawn (runner), then connect (transport); the watch is made for the new pid but not started. */
  static async start(
    entry: CatalogEntry,
    settings: StartSettings,
    hooks: { mountLabel: string; onLog: (line: PluginLogLine) => void; watch: (pid: number) => ResourceWatch },
  ): Promise<RunningProcess> {
    // Lines from before the handshake are not this process's panic: a start that got this far succeeded.
    const made: { running?: RunningProcess } = {};
    const onLog = (line: PluginLogLine) => {
      made.running?.notice(line);
      hooks.onLog(line);
    };
    const spawned = await spawnPlugin(entry, settings, { mountLabel: hooks.mountLabel, onLog });
    made.running = new RunningProcess(entry.name, spawned, connectTransport(entry.name, spawned), hooks.watch(spawned.launched.pid));
    return made.running;
  }

  private notice(line: PluginLogLine): void {
    if (this.panicLine === undefined && /^(panic|fatal error): /.test(line.message)) this.panicLine = line.message.slice(0, 300);
  }

  /** What its exit means for the requests in flight: the host's kill reason, or `plugin_exited` quoting its panic and stderr. */
  exitError(exit: PluginExit): HostError {
    return this.killReasonValue ?? pluginExitedError(this.pluginName, this.pid, exit, this.launched.recentStderr(), this.panicLine);
  }

  get launched(): LaunchedPlugin {
    return this.spawned.launched;
  }

  get pid(): number {
    return this.spawned.launched.pid;
  }

  get connection(): PluginConnection {
    return this.transport.connection;
  }

  get broker(): HostBroker {
    return this.transport.broker;
  }

  /** sha256 verified just before this process was started (Vault's `running_sha256`). */
  get sha256(): string {
    return this.spawned.sha256;
  }

  /** Kills (memory ceiling, CPU watchdog) the process group at once; the first reason given is the one its exit reports. */
  killFor(reason: HostError): void {
    this.killReasonValue ??= reason;
    this.spawned.launched.kill('SIGKILL');
  }

  /** Being replaced by a reload: its exit is not a failure. */
  get retiring(): boolean {
    return this.retiringValue;
  }

  retire(): void {
    this.retiringValue = true;
  }

  /** What the plugin's version service reports (Vault's `running_plugin_version`); '' = none. */
  get pluginVersion(): string | undefined {
    return this.pluginVersionValue;
  }

  /**
   * Asked once the process is ready (a round trip over its socket, bounded by the lifecycle
   * timeout), and awaited by the start, so the mount's first status already names the version,
   * as Vault's does right after `secrets enable` / `auth enable`. A plugin that cannot say is
   * unversioned; no status event for it (events mark state changes).
   */
  async askPluginVersion(client: BackendClient | undefined): Promise<void> {
    if (client === undefined) return;
    try {
      this.pluginVersionValue = await client.pluginVersion();
    } catch {
      // No answer (a plugin that does not serve the version service well): left unknown.
    }
  }

  /**
   * The graceful part of a stop, once the slot unmounted its backends: close the brokered servers
   * and the broker, Shutdown, fail what is still in flight, wait ≤ grace, SIGKILL.
   */
  async shutDown(stoppedError: HostError, stopGraceMs: number): Promise<void> {
    await this.broker.close();
    await requestShutdown(this.connection, stopGraceMs);
    this.connection.failAll(stoppedError);
    const grace = new Promise<'timeout'>((resolve) => setTimeout(resolve, stopGraceMs, 'timeout').unref());
    if ((await Promise.race([this.launched.exited, grace])) === 'timeout') this.launched.kill('SIGKILL');
  }

  /** Closes what belonged to a dead or failed process: kill, fail calls, close the broker, reap, remove its socket directory. */
  async dispose(): Promise<void> {
    this.watch.stop();
    this.launched.kill();
    this.connection.failAll(pluginExitedError(this.pluginName, this.pid, { code: null, signal: null }, []));
    await this.broker.close();
    await this.launched.exited;
    await removeSocketDir(this.spawned.socketDir);
  }
}
