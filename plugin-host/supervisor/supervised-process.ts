/**
 * One supervised plugin process slot: the state machine, the start sequence (spawn + transport →
 * multiplexing query and mount every backend → stdio), exit handling, restart with backoff, and
 * graceful stop. The slot outlives its processes: after a crash the next request starts a new
 * process and re-mounts every backend the slot serves; a reload replaces the process in place
 * (same id, restart count and last error). While a process runs, a `ResourceWatch` samples it:
 * crossing the memory ceiling, or burning a core after a missed deadline, kills it.
 *
 * The slot owns its backends (the set), its catalog entry, its state and whether its plugin
 * multiplexes; the supervisor changes them only through `join`, `serve`, `detach`, `tuneLimits`
 * and `reload`. Spawn and transport are `RunningProcess`'s, stdio `stdio-log.ts`'s, the backoff
 * `restart-gate.ts`'s.
 */
import type { CatalogEntry } from '../catalog/catalog';
import { pickLimits } from '../catalog/limits';
import { HostError, isHostError } from '../errors';
import { supportsMultiplexing } from '../grpc/plugin-services';
import { forwardStdio } from './stdio-log';
import type { PluginExit } from '../launch/launcher';
import type { ProcessStatus } from './events';
import type { MountContext, MountedBackend } from './mounted-backend';
import { ProcessBackends } from './process-backends';
import { RestartGate } from './restart-gate';
import { ProcessStateMachine, type ProcessState } from './process-state';
import { stoppedWhileWaiting, type StopReason } from './process-errors';
import { memoryWatch, watchForRunaway } from './watchdog';
import { RunningProcess } from './running-process';
import type { ProcessSettings } from './supervisor-options';

export class SupervisedProcess {
  private readonly backends = new ProcessBackends();
  /** Undefined until a start of this slot asked the plugin. */
  private multiplexedValue: boolean | undefined;
  private readonly machine: ProcessStateMachine;
  private readonly restarts: RestartGate;
  private running: RunningProcess | undefined;
  private starting: Promise<void> | undefined;
  private starts = 0;
  private stopReason: StopReason = 'unused';
  private readySince = 0;
  private protocolVersion: number | undefined;

  constructor(
    readonly id: string,
    /** Replaced by a reload (new binary) or a tune of the entry's limits. */
    private entryValue: CatalogEntry,
    private readonly settings: ProcessSettings,
  ) {
    this.restarts = new RestartGate(settings.backoff);
    this.machine = new ProcessStateMachine('exited', () => settings.onStatus(this.status()));
  }

  get entry(): CatalogEntry {
    return this.entryValue;
  }

  get state(): ProcessState {
    return this.machine.state;
  }

  get pid(): number | undefined {
    return this.running?.pid;
  }

  /** Whether its plugin serves several mounts from one process; undefined until a start asked it. */
  get multiplexed(): boolean | undefined {
    return this.multiplexedValue;
  }

  /** How many mounts it serves; none means the supervisor stops it. */
  get mountCount(): number {
    return this.backends.size;
  }

  /** New limits of this slot's catalog entry (same type, name and version); the ceiling applies at the next sample. */
  tuneLimits(entry: CatalogEntry): void {
    const { type, name, version } = this.entryValue;
    if (type === entry.type && name === entry.name && version === entry.version) this.entryValue = { ...this.entryValue, ...pickLimits(entry) };
  }

  /**
   * Resolves once the process is ready; starts it if needed, mounting the backends mounted before
   * plus `trigger`, the mount whose request asked (`ProcessBackends.mountOnStart` says why).
   */
  ensureRunning(trigger?: MountedBackend): Promise<void> {
    switch (this.machine.state) {
      case 'ready':
        return Promise.resolve();
      case 'starting':
        return this.starting as Promise<void>;
      case 'exited':
        return this.start(trigger);
      case 'backing-off':
        return this.waitOutBackoff(trigger);
      case 'stopped':
        return Promise.reject(stoppedWhileWaiting(this.entry.name, this.stopReason));
    }
  }

  /** Adds a backend without yielding (a mount attaching in the same tick finds this slot); `serve` mounts it. */
  join(backend: MountedBackend): void {
    this.backends.add(backend);
  }

  /**
   * Makes sure a joined backend is mounted on a ready process: starts the process if needed (which
   * mounts it with the others), else mounts it on the process already running. Why its mount
   * failed during a start that mounted its siblings is thrown here, once.
   */
  async serve(backend: MountedBackend): Promise<void> {
    await this.ensureRunning(backend);
    if (backend.mounted) return;
    const failure = backend.takeMountError();
    if (failure !== undefined) throw failure;
    this.backends.add(backend);
    if (this.machine.state === 'ready' && this.running !== undefined) {
      await backend.mount(this.mountContext(this.running, backend));
    }
  }

  /** Unmounts one backend (Cleanup + close its server); the caller stops the process if it was the last. */
  async detach(mountId: string): Promise<void> {
    const backend = this.backends.remove(mountId);
    if (backend !== undefined && this.machine.state === 'ready') await backend.unmount();
  }

  private start(trigger: MountedBackend | undefined): Promise<void> {
    this.machine.transition('starting');
    this.starting = this.runStart(trigger).finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async runStart(trigger: MountedBackend | undefined): Promise<void> {
    let running: RunningProcess | undefined;
    try {
      running = await RunningProcess.start(this.entry, this.settings, {
        mountLabel: this.backends.label(),
        onLog: this.settings.onLog,
        watch: (pid) => memoryWatch(pid, this.settings.resourceSampleMs, () => this.entry, () => this.running),
      });
      this.starts += 1;
      const { launched, connection } = running;
      const { handshake } = launched;
      this.running = running;
      running.watch.start();
      this.protocolVersion = handshake.appVersion;
      void launched.exited.then((exit) => this.onExit(running as RunningProcess, exit));
      const [multiplexed] = await Promise.all([
        handshake.appVersion >= 5 ? supportsMultiplexing(connection, this.settings.lifecycleTimeoutMs) : Promise.resolve(false),
        this.backends.mountOnStart(trigger, (backend) => this.mountContext(running as RunningProcess, backend)),
      ]);
      this.multiplexedValue = multiplexed;
      forwardStdio(connection, launched, this.entry.name, this.settings.onLog);
      this.readySince = Date.now();
      this.machine.transition('ready');
      await running.askPluginVersion(this.backends.anyClient());
    } catch (error) {
      const failure = isHostError(error) ? error : new HostError('transport_error', `Starting plugin "${this.entry.name}" failed: ${String(error)}`);
      this.restarts.recordFailure(failure, 0);
      if (running !== undefined) await this.discard(running);
      if (this.machine.state === 'starting') this.enterExited();
      throw failure;
    }
  }

  private mountContext(running: RunningProcess, backend: MountedBackend): MountContext {
    return {
      connection: running.connection,
      broker: running.broker,
      pluginVersion: this.entry.version,
      vaultVersion: this.settings.vaultVersion,
      lifecycleTimeoutMs: this.settings.lifecycleTimeoutMs,
      reports: this.settings.reportsFor(backend),
      callbackThread: this.settings.callbackThread,
    };
  }

  private onExit(running: RunningProcess, exit: PluginExit): void {
    if (this.running !== running || running.retiring) return; // an older process, already dealt with
    const error = running.exitError(exit);
    running.connection.failAll(error);
    void this.discard(running);
    const state = this.machine.state;
    if (state === 'stopped' || state === 'starting') return; // stop() or runStart() handle the rest
    this.restarts.recordFailure(error, Date.now() - this.readySince);
    this.enterExited();
  }

  /** Forgets a dead or failed process (its backends lose their clients) and disposes of it. */
  private async discard(running: RunningProcess): Promise<void> {
    if (this.running === running) this.running = undefined;
    this.backends.detachAll();
    await running.dispose();
  }

  private enterExited(): void {
    this.machine.transition('exited');
    const delay = this.restarts.delayMs();
    if (delay === 0) return;
    this.machine.transition('backing-off');
    this.restarts.pause(delay, () => {
      if (this.machine.state === 'backing-off') this.machine.transition('exited');
    });
  }

  private async waitOutBackoff(trigger: MountedBackend | undefined): Promise<void> {
    await this.restarts.waitOrRefuse(this.entry.name, this.settings.maxBackoffWaitMs);
    return this.ensureRunning(trigger);
  }

  /** A request this process answered: restarts after the next crash start from the shortest backoff. */
  recordAnswered(): void {
    this.restarts.recordAnswered();
  }

  /** Graceful stop: Cleanup each backend, close brokered servers and the broker, Shutdown, ≤ grace, SIGKILL. */
  async stop(reason: StopReason = 'unused'): Promise<void> {
    if (this.machine.state === 'stopped') return;
    this.stopReason = reason;
    await this.starting?.catch(() => undefined);
    const running = this.running;
    this.machine.transition('stopped');
    this.restarts.cancel(); // waiters re-check the state and fail with plugin_stopped
    if (running === undefined) return;
    await this.shutDown(running);
  }

  /**
   * Vault's plugin reload: the process is stopped gracefully and a new one started from `entry`
   * (the catalog's current one: a re-registered binary takes effect here) in the same slot, so
   * its id, restart count and last error stay. Requests arriving meanwhile wait for the new start.
   */
  async reload(entry: CatalogEntry): Promise<void> {
    await this.starting?.catch(() => undefined);
    if (this.machine.state === 'stopped') throw stoppedWhileWaiting(this.entry.name, this.stopReason);
    this.restarts.cancel();
    const running = this.running;
    running?.retire();
    if (this.machine.state !== 'exited') this.machine.transition('exited');
    this.entryValue = entry;
    this.machine.transition('starting');
    this.starting = (async () => {
      if (running !== undefined) await this.shutDown(running);
      await this.runStart(undefined);
    })().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  /**
   * Called when a request on this process ran past its deadline. A plugin that keeps a core busy
   * afterwards is looping (a request that never ends): it is killed, and restarted on the next
   * request. One measurement at a time per process.
   */
  async deadlineMissed(request: { method: string; path: string; timeoutMs: number }): Promise<void> {
    if (this.running === undefined) return;
    await watchForRunaway(this.running, this.entry.name, request, this.settings.cpuWatchWindowMs, () => this.running);
  }

  /** Graceful: Cleanup each backend, then the process's own shutdown; then it is discarded. */
  private async shutDown(running: RunningProcess): Promise<void> {
    await this.backends.unmountAll();
    await running.shutDown(stoppedWhileWaiting(this.entry.name, this.stopReason), this.settings.stopGraceMs);
    await this.discard(running);
  }

  status(): ProcessStatus {
    const state = this.machine.state;
    const lastError = this.restarts.lastError;
    return {
      id: this.id,
      plugin: this.entry.name,
      pluginType: this.entry.type,
      version: this.entry.version,
      state,
      pid: this.running?.pid,
      uptimeMs: state === 'ready' ? Date.now() - this.readySince : 0,
      restarts: Math.max(0, this.starts - 1),
      lastError: lastError === undefined ? undefined : { code: lastError.code, message: lastError.message },
      mounts: this.backends.mountIds(),
      memoryLimitMiB: this.entry.memoryLimitMiB,
      startTimeoutSeconds: this.entry.startTimeoutSeconds,
      resources: this.running?.watch.latest,
      runningVersion: this.running?.pluginVersion,
      runningSha256: this.running?.sha256,
      protocolVersion: this.protocolVersion,
      multiplexed: this.multiplexedValue,
      retryAt: state === 'backing-off' ? this.restarts.retryAt : undefined,
    };
  }
}
