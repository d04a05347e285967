/**
 * What the supervisor tells the rest of the app: process status changes, plugin log lines, and
 * the events/observations plugins report. A thin typed face over Node's EventEmitter.
 */
import { EventEmitter } from 'node:events';
import type { HostErrorCode } from '../errors';
import type { PluginLogLine } from '../launch/log-line';
import type { PluginReport } from '../vault/events-server';
import type { ProcessState } from './process-state';
import type { ResourceUsage } from './resource-watch';

export interface ProcessStatus {
  /** Stable for the life of the supervised process slot (survives restarts). */
  id: string;
  plugin: string;
  pluginType: 'secret' | 'auth';
  version: string;
  state: ProcessState;
  /** Present while a process exists (starting or ready). */
  pid: number | undefined;
  /** Milliseconds since the process became ready; 0 when not ready. */
  uptimeMs: number;
  restarts: number;
  lastError: { code: HostErrorCode; message: string } | undefined;
  /** Mount ids served by this process. */
  mounts: string[];
  /** Negotiated app protocol (4 or 5) of the current or last process. */
  protocolVersion: number | undefined;
  /** Protocol 5 multiplexing: one process serves every mount of this catalog entry. */
  multiplexed: boolean | undefined;
  /** During backing-off: when the next start is allowed (epoch ms). */
  retryAt: number | undefined;
  /** The catalog entry's ceiling and start timeout, as they apply to this slot now. */
  memoryLimitMiB: number;
  startTimeoutSeconds: number;
  /** Latest sample of the running process (and its children); undefined when none runs or before the first sample. */
  resources: ResourceUsage | undefined;
  /** What the running plugin's version service reports ('' when it reports none); Vault's `running_plugin_version`. */
  runningVersion: string | undefined;
  /** sha256 of the binary the running process was started from; Vault's `running_sha256`. */
  runningSha256: string | undefined;
}

export interface MountReport extends PluginReport {
  mountId: string;
  mountPath: string;
  plugin: string;
  time: string;
}

export interface SupervisorEventMap {
  status: ProcessStatus;
  log: PluginLogLine;
  report: MountReport;
}

export class SupervisorEvents {
  private readonly emitter = new EventEmitter();

  on<K extends keyof SupervisorEventMap>(event: K, listener: (payload: SupervisorEventMap[K]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  off<K extends keyof SupervisorEventMap>(event: K, listener: (payload: SupervisorEventMap[K]) => void): void {
    this.emitter.off(event, listener);
  }

  emit<K extends keyof SupervisorEventMap>(event: K, payload: SupervisorEventMap[K]): void {
    this.emitter.emit(event, payload);
  }

  hasListeners(event: keyof SupervisorEventMap): boolean {
    return this.emitter.listenerCount(event) > 0;
  }
}
