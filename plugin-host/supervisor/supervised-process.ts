/**
 * One supervised plugin process slot: the state machine, the start sequence (verify → launch →
 * connect → broker + stdio → multiplexing query → mount every backend), exit handling, restart
 * with backoff, and graceful stop. The slot outlives its processes: after a crash the next
 * request starts a new process and re-mounts every backend the slot serves, and a reload replaces
 * the process in place (same id, restart count and last error). While a process runs, a
 * `ResourceWatch` samples its memory and CPU: crossing the entry's memory ceiling, or burning a
 * core after a missed deadline (`deadlineMissed`), kills it with the reason as its exit error.
 */
import { rm } from 'node:fs/promises';
import type { CatalogEntry } from '../catalog/catalog';
import { HostError, isHostError } from '../errors';
import { streamStdio, supportsMultiplexing } from '../grpc/plugin-services';
import { stdioLogReaders } from './stdio-log';
import type { PluginExit } from '../launch/launcher';
import type { PluginLogLine } from '../launch/log-line';
import { BackoffWait, RestartBackoff } from './backoff';
import type { ProcessStatus } from './events';
import { mountBackends } from './mount-backends';
import type { MountContext, MountedBackend } from './mounted-backend';
import { ProcessStateMachine, type ProcessState } from './process-state';
import { pluginExitedError, pluginBackingOffError, stoppedWhileWaiting, type StopReason } from './process-errors';
import { memoryWatch, watchForRunaway } from './watchdog';
import { gracefulShutdown, startProcess, type Running } from './running-process';
import type { ProcessSettings } from './supervisor-options';

export class SupervisedProcess {
  readonly backends = new Map<string, MountedBackend>();
  multiplexed: boolean | undefined;
  private readonly machine: ProcessStateMachine;
  private readonly backoff: RestartBackoff;
  private running: Running | undefined;
  private starting: Promise<void> | undefined;
  /** Ended early on stop and reload, so requests waiting it out wake and see the new state. */
  private readonly backoffWait = new BackoffWait();
  private starts = 0;
  private stopReason: StopReason = 'unused';
  private readySince = 0;
  private lastError: HostError | undefined;
  private protocolVersion: number | undefined;
  /** The Go runtime's "panic: …" / "fatal error: …" line of the current process, for the exit error. */
  private panicLine: string | undefined;

  constructor(
    readonly id: string,
    /** Replaced by a reload (new binary) or a tune of the entry's limits. */
    public entry: CatalogEntry,
    private readonly settings: ProcessSettings,
  ) {
    this.backoff = new RestartBackoff(settings.backoff);
    this.machine = new ProcessStateMachine('exited', () => settings.onStatus(this.status()));
  }

  get state(): ProcessState {
    return this.machine.state;
  }

  get pid(): number | undefined {
    return this.running?.launched.pid;
  }

  /**
   * Resolves once the process is ready; starts it if needed. A start mounts the backends that were
   * mounted before plus `trigger` (the mount whose request asked), so a mount that never worked —
   * one whose options crash the plugin, say — cannot keep its siblings' restarts failing.
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

  /** Adds a backend; mounts it at once when the process is already up. */
  async attach(backend: MountedBackend): Promise<void> {
    this.backends.set(backend.spec.id, backend);
    if (this.machine.state === 'ready' && this.running !== undefined) {
      await backend.mount(this.mountContext(this.running, backend));
    }
  }

  /** Unmounts one backend (Cleanup + close its server); the caller stops the process if it was the last. */
  async detach(mountId: string): Promise<void> {
    const backend = this.backends.get(mountId);
    this.backends.delete(mountId);
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
    let running: Running | undefined;
    try {
      running = await startProcess(this.entry, this.settings, {
        mountLabel: [...this.backends.values()].map((backend) => backend.spec.path).join(','),
        onLog: (line) => this.onLog(line),
        watch: (pid) => memoryWatch(pid, this.settings.resourceSampleMs, () => this.entry, () => this.running),
      });
      this.starts += 1;
      this.panicLine = undefined;
      const { launched, connection } = running;
      const { handshake } = launched;
      this.running = running;
      running.watch.start();
      this.protocolVersion = handshake.appVersion;
      void launched.exited.then((exit) => this.onExit(running as Running, exit));
      const stdio = stdioLogReaders(this.entry.name, launched.pid, this.settings.onLog);
      void launched.exited.then(() => {
        stdio.stdout.end();
        stdio.stderr.end();
      });
      const [multiplexed] = await Promise.all([
        handshake.appVersion >= 5 ? supportsMultiplexing(connection, this.settings.lifecycleTimeoutMs) : Promise.resolve(false),
        mountBackends(this.backends.values(), trigger, (backend) => this.mountContext(running as Running, backend)),
      ]);
      this.multiplexed = multiplexed;
      streamStdio(connection, (channel, text) => stdio[channel].push(Buffer.from(text)));
      this.readySince = Date.now();
      this.machine.transition('ready');
      this.askPluginVersion(running);
    } catch (error) {
      const failure = isHostError(error) ? error : new HostError('transport_error', `Starting plugin "${this.entry.name}" failed: ${String(error)}`);
      this.lastError = failure;
      this.backoff.recordFailure(0);
      if (running !== undefined) await this.discard(running);
      if (this.machine.state === 'starting') this.enterExited();
      throw failure;
    }
  }

  private mountContext(running: Running, backend: MountedBackend): MountContext {
    return {
      connection: running.connection,
      broker: running.broker,
      pluginVersion: this.entry.version,
      vaultVersion: this.settings.vaultVersion,
      lifecycleTimeoutMs: this.settings.lifecycleTimeoutMs,
      reports: this.settings.reportsFor(backend),
    };
  }

  private onExit(running: Running, exit: PluginExit): void {
    if (this.running !== running || running.retiring === true) return; // an older process, already dealt with
    const error = running.killReason ?? pluginExitedError(this.entry.name, running.launched.pid, exit, running.launched.recentStderr(), this.panicLine);
    running.connection.failAll(error);
    void this.discard(running);
    const state = this.machine.state;
    if (state === 'stopped' || state === 'starting') return; // stop() or runStart() handle the rest
    this.lastError = error;
    this.backoff.recordFailure(Date.now() - this.readySince);
    this.enterExited();
  }

  /** Closes what belonged to a dead or failed process and removes its socket directory. */
  private async discard(running: Running): Promise<void> {
    if (this.running === running) this.running = undefined;
    running.watch.stop();
    for (const backend of this.backends.values()) backend.detach();
    running.launched.kill();
    running.connection.failAll(pluginExitedError(this.entry.name, running.launched.pid, { code: null, signal: null }, []));
    await running.broker.close();
    await running.launched.exited;
    await rm(running.socketDir, { recursive: true, force: true });
  }

  private enterExited(): void {
    this.machine.transition('exited');
    const delay = this.backoff.delayMs();
    if (delay === 0) return;
    this.machine.transition('backing-off');
    this.backoffWait.begin(delay, () => {
      if (this.machine.state === 'backing-off') this.machine.transition('exited');
    });
  }

  private async waitOutBackoff(trigger: MountedBackend | undefined): Promise<void> {
    const retryAt = this.backoffWait.retryAt ?? Date.now();
    if (retryAt - Date.now() > this.settings.maxBackoffWaitMs) {
      throw pluginBackingOffError(this.entry.name, retryAt, this.backoff.consecutiveFailures, this.lastError);
    }
    await this.backoffWait.ended;
    return this.ensureRunning(trigger);
  }

  /** A request this process answered: restarts after the next crash start from the shortest backoff. */
  recordAnswered(): void {
    this.backoff.recordSuccess();
  }

  private onLog(line: PluginLogLine): void {
    if (this.panicLine === undefined && /^(panic|fatal error): /.test(line.message)) this.panicLine = line.message.slice(0, 300);
    this.settings.onLog(line);
  }

  /** Graceful stop: Cleanup each backend, close brokered servers and the broker, Shutdown, ≤ grace, SIGKILL. */
  async stop(reason: StopReason = 'unused'): Promise<void> {
    if (this.machine.state === 'stopped') return;
    this.stopReason = reason;
    await this.starting?.catch(() => undefined);
    const running = this.running;
    this.machine.transition('stopped');
    this.backoffWait.cancel(); // waiters re-check the state and fail with plugin_stopped
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
    this.backoffWait.cancel();
    const running = this.running;
    if (running !== undefined) running.retiring = true;
    if (this.machine.state !== 'exited') this.machine.transition('exited');
    this.entry = entry;
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

  /**
   * Off the start path: the version service costs a round trip, and only status shows it. No
   * status event for it (events mark state changes); the next `status()` carries it.
   */
  private askPluginVersion(running: Running): void {
    const client = [...this.backends.values()].find((backend) => backend.client !== undefined)?.client;
    void client?.pluginVersion().then(
      (version) => {
        running.pluginVersion = version;
      },
      () => undefined,
    );
  }

  private async shutDown(running: Running): Promise<void> {
    await gracefulShutdown(running, [...this.backends.values()], stoppedWhileWaiting(this.entry.name, this.stopReason), this.settings.stopGraceMs);
    await this.discard(running);
  }

  status(): ProcessStatus {
    const state = this.machine.state;
    return {
      id: this.id,
      plugin: this.entry.name,
      pluginType: this.entry.type,
      version: this.entry.version,
      state,
      pid: this.running?.launched.pid,
      uptimeMs: state === 'ready' ? Date.now() - this.readySince : 0,
      restarts: Math.max(0, this.starts - 1),
      lastError: this.lastError === undefined ? undefined : { code: this.lastError.code, message: this.lastError.message },
      mounts: [...this.backends.keys()],
      memoryLimitMiB: this.entry.memoryLimitMiB,
      startTimeoutSeconds: this.entry.startTimeoutSeconds,
      resources: this.running?.watch.latest,
      runningVersion: this.running?.pluginVersion,
      runningSha256: this.running?.sha256,
      protocolVersion: this.protocolVersion,
      multiplexed: this.multiplexed,
      retryAt: state === 'backing-off' ? this.backoffWait.retryAt : undefined,
    };
  }
}
