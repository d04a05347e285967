/**
 * One supervised plugin process slot: the state machine, the start sequence (verify → launch →
 * connect → broker + stdio → multiplexing query → mount every backend), exit handling, restart
 * with backoff, and graceful stop. The slot outlives its processes: after a crash the next
 * request starts a new process and re-mounts every backend the slot serves.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CatalogEntry, PluginCatalog } from '../catalog/catalog';
import { HostError, isHostError } from '../errors';
import { HostBroker } from '../grpc/broker';
import { PluginConnection } from '../grpc/connection';
import { requestShutdown, streamStdio, supportsMultiplexing } from '../grpc/plugin-services';
import { recordPlugin } from './orphans';
import { stdioLogReaders } from './stdio-log';
import { launchPlugin, type LaunchedPlugin, type PluginExit } from '../launch/launcher';
import type { PluginLogLine } from '../launch/log-line';
import type { HostCertificate } from '../launch/mtls';
import type { PluginReportSink } from '../vault/events-server';
import { RestartBackoff, type BackoffPolicy } from './backoff';
import type { ProcessStatus } from './events';
import type { MountedBackend } from './mounted-backend';
import { ProcessStateMachine, type ProcessState } from './process-state';
import { pluginExitedError, pluginBackingOffError, pluginStoppedError } from './process-errors';

export interface ProcessSettings {
  catalog: PluginCatalog;
  hostCertificate: Promise<HostCertificate>;
  socketRoot: string;
  vaultVersion: string;
  protocolVersions: number[];
  startTimeoutMs: number;
  lifecycleTimeoutMs: number;
  stopGraceMs: number;
  /** Requests wait out a backoff this short instead of failing. */
  maxBackoffWaitMs: number;
  backoff: BackoffPolicy;
  onStatus: (status: ProcessStatus) => void;
  onLog: (line: PluginLogLine) => void;
  reportsFor: (backend: MountedBackend) => PluginReportSink;
}

interface Running {
  launched: LaunchedPlugin;
  connection: PluginConnection;
  broker: HostBroker;
  socketDir: string;
}

export class SupervisedProcess {
  readonly backends = new Map<string, MountedBackend>();
  multiplexed: boolean | undefined;
  private readonly machine: ProcessStateMachine;
  private readonly backoff: RestartBackoff;
  private running: Running | undefined;
  private starting: Promise<void> | undefined;
  private backoffTimer: NodeJS.Timeout | undefined;
  private backoffOver: Promise<void> | undefined;
  /** Ends the backoff early (on stop), so requests waiting it out wake and see the new state. */
  private endBackoff: (() => void) | undefined;
  private starts = 0;
  private readySince = 0;
  private retryAt: number | undefined;
  private lastError: HostError | undefined;
  private protocolVersion: number | undefined;
  /** The Go runtime's "panic: …" / "fatal error: …" line of the current process, for the exit error. */
  private panicLine: string | undefined;

  constructor(
    readonly id: string,
    readonly entry: CatalogEntry,
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
        return Promise.reject(pluginStoppedError(this.entry.name));
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
      const command = await this.settings.catalog.verifyForStart(this.entry);
      const hostCertificate = await this.settings.hostCertificate;
      const socketDir = await mkdtemp(join(this.settings.socketRoot, 'sr-'));
      const launched = await launchPlugin({
        pluginName: this.entry.name,
        mountLabel: [...this.backends.values()].map((backend) => backend.spec.path).join(','),
        command,
        args: this.entry.args,
        env: this.entry.env,
        socketDir,
        hostCertificate,
        protocolVersions: this.settings.protocolVersions,
        startTimeoutMs: this.settings.startTimeoutMs,
        vaultVersion: this.settings.vaultVersion,
        onLog: (line) => this.onLog(line),
      }).catch(async (error: unknown) => {
        await rm(socketDir, { recursive: true, force: true });
        throw error;
      });
      await recordPlugin(socketDir, { pid: launched.pid, command }).catch(async (error: unknown) => {
        launched.kill();
        await launched.exited;
        await rm(socketDir, { recursive: true, force: true });
        throw error;
      });
      this.starts += 1;
      this.panicLine = undefined;
      const { handshake } = launched;
      const connection = new PluginConnection(
        { plugin: this.entry.name, network: handshake.network, address: handshake.address, serverCertPem: handshake.serverCertPem },
        hostCertificate,
        launched.exited,
      );
      running = { launched, connection, broker: new HostBroker(connection, socketDir, hostCertificate, handshake.serverCertPem), socketDir };
      this.running = running;
      this.protocolVersion = handshake.appVersion;
      void launched.exited.then((exit) => this.onExit(running as Running, exit));
      const stdio = stdioLogReaders(this.entry.name, launched.pid, this.settings.onLog);
      void launched.exited.then(() => {
        stdio.stdout.end();
        stdio.stderr.end();
      });
      const [multiplexed] = await Promise.all([
        handshake.appVersion >= 5 ? supportsMultiplexing(connection, this.settings.lifecycleTimeoutMs) : Promise.resolve(false),
        this.mountAll(running, trigger),
      ]);
      this.multiplexed = multiplexed;
      streamStdio(connection, (channel, text) => stdio[channel].push(Buffer.from(text)));
      this.readySince = Date.now();
      this.machine.transition('ready');
    } catch (error) {
      const failure = isHostError(error) ? error : new HostError('transport_error', `Starting plugin "${this.entry.name}" failed: ${String(error)}`);
      this.lastError = failure;
      this.backoff.recordFailure(0);
      if (running !== undefined) await this.discard(running);
      if (this.machine.state === 'starting') this.enterExited();
      throw failure;
    }
  }

  /**
   * Mounts the backends of the slot (see `ensureRunning`). One mount's failure (say, a bad
   * option) must not take its siblings down: it is kept on the backend for its own next request.
   * Only when every mount fails is the start a failure.
   */
  private async mountAll(running: Running, trigger: MountedBackend | undefined): Promise<void> {
    const backends = [...this.backends.values()].filter((backend) => backend.everMounted || backend === trigger);
    const failures: HostError[] = [];
    await Promise.all(
      backends.map((backend) =>
        backend.mount(this.mountContext(running, backend)).then(
          () => {
            backend.mountError = undefined;
          },
          (error: unknown) => {
            const failure = isHostError(error) ? error : new HostError('setup_failed', String(error));
            backend.mountError = failure;
            failures.push(failure);
          },
        ),
      ),
    );
    if (backends.length > 0 && failures.length === backends.length) throw failures[0];
  }

  private mountContext(running: Running, backend: MountedBackend) {
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
    if (this.running !== running) return; // an older process, already dealt with
    const error = pluginExitedError(this.entry.name, running.launched.pid, exit, running.launched.recentStderr(), this.panicLine);
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
    this.retryAt = Date.now() + delay;
    this.machine.transition('backing-off');
    this.backoffOver = new Promise((resolve) => {
      this.endBackoff = resolve;
      this.backoffTimer = setTimeout(() => {
        this.backoffTimer = undefined;
        this.retryAt = undefined;
        if (this.machine.state === 'backing-off') this.machine.transition('exited');
        resolve();
      }, delay);
    });
  }

  private async waitOutBackoff(trigger: MountedBackend | undefined): Promise<void> {
    const retryAt = this.retryAt ?? Date.now();
    if (retryAt - Date.now() > this.settings.maxBackoffWaitMs) {
      throw pluginBackingOffError(this.entry.name, retryAt, this.backoff.consecutiveFailures, this.lastError);
    }
    await this.backoffOver;
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
  async stop(): Promise<void> {
    if (this.machine.state === 'stopped') return;
    await this.starting?.catch(() => undefined);
    if (this.backoffTimer !== undefined) clearTimeout(this.backoffTimer);
    const running = this.running;
    this.machine.transition('stopped');
    this.endBackoff?.(); // waiters re-check the state and fail with plugin_stopped
    if (running === undefined) return;
    await Promise.all([...this.backends.values()].map((backend) => backend.unmount()));
    await running.broker.close();
    await requestShutdown(running.connection, this.settings.stopGraceMs);
    running.connection.failAll(pluginStoppedError(this.entry.name));
    const grace = new Promise<'timeout'>((resolve) => setTimeout(resolve, this.settings.stopGraceMs, 'timeout').unref());
    if ((await Promise.race([running.launched.exited, grace])) === 'timeout') running.launched.kill('SIGKILL');
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
      protocolVersion: this.protocolVersion,
      multiplexed: this.multiplexed,
      retryAt: state === 'backing-off' ? this.retryAt : undefined,
    };
  }
}
