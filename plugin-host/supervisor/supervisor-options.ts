/**
 * The supervisor's options (every default in one place) and the settings each process slot gets
 * from them.
 */
import { tmpdir } from 'node:os';
import type { CallbackThread } from '../callbacks/callback-thread';
import type { PluginCatalog } from '../catalog/catalog';
import type { PluginLogLine } from '../launch/log-line';
import type { HostCertificate } from '../launch/mtls';
import type { PluginReportSink } from '../vault/events-server';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import type { ProcessStatus } from './events';
import type { MountedBackend } from './mounted-backend';
import type { StartSettings } from './plugin-runner';

export interface SupervisorOptions {
  catalog: PluginCatalog;
  /** Reported to plugins as VAULT_VERSION and in SystemView.PluginEnv. */
  vaultVersion?: string;
  /** Offered app protocol versions; [4, 5] by default ([4] forces one process per mount). */
  protocolVersions?: number[];
  /** Overrides every catalog entry's `startTimeoutSeconds` (tests); entries decide when absent. */
  startTimeoutMs?: number;
  /** Memory/CPU sampling of running plugins; default 500 ms. */
  resourceSampleMs?: number;
  /** After a missed deadline, how long the CPU watchdog watches before killing a busy plugin; default 2 s. */
  cpuWatchWindowMs?: number;
  /** Default deadline of HandleRequest / HandleExistenceCheck. */
  requestTimeoutMs?: number;
  /** Deadline of Setup, Type, SpecialPaths, Initialize, Cleanup. */
  lifecycleTimeoutMs?: number;
  /** Time a stopping plugin gets to exit after Shutdown before SIGKILL. */
  stopGraceMs?: number;
  maxBackoffWaitMs?: number;
  backoff?: BackoffPolicy;
  /** Parent of the per-process private socket directories; keep it short (unix socket path limit). */
  socketRoot?: string;
  /**
   * The socket root belongs to this app alone: plugins left running by a previous host that was
   * killed (SIGKILL runs no exit hooks) are reaped before the first start. Never set this on a
   * shared directory such as the OS temp dir.
   */
  reapOrphans?: boolean;
  /** Vault's periodic `rollback` to every running mount (PeriodicFunc, WAL); default 60 s, 0 = never. */
  rollbackIntervalMs?: number;
  /**
   * Serve the callbacks of mounts whose storage can be opened off the main thread from a worker
   * (`callbacks/callback-thread.ts`); default: only with `STRONGROOM_CALLBACK_THREAD=1`.
   */
  callbackThread?: boolean;
}


export interface ProcessSettings extends StartSettings {
  /** How often a running process's memory and CPU are sampled. */
  resourceSampleMs: number;
  /** After a missed deadline: how long the CPU watchdog measures before calling the plugin stuck. */
  cpuWatchWindowMs: number;
  lifecycleTimeoutMs: number;
  stopGraceMs: number;
  /** Requests wait out a backoff this short instead of failing. */
  maxBackoffWaitMs: number;
  backoff: BackoffPolicy;
  onStatus: (status: ProcessStatus) => void;
  onLog: (line: PluginLogLine) => void;
  reportsFor: (backend: MountedBackend) => PluginReportSink;
  /** The worker serving callbacks off the main thread; absent = everything on the main thread. */
  callbackThread?: CallbackThread;
}

export function processSettings(
  options: SupervisorOptions,
  hostCertificate: Promise<HostCertificate>,
  hooks: Pick<ProcessSettings, 'onStatus' | 'onLog' | 'reportsFor' | 'callbackThread'>,
): ProcessSettings {
  return {
    catalog: options.catalog,
    hostCertificate,
    socketRoot: options.socketRoot ?? tmpdir(),
    vaultVersion: options.vaultVersion ?? '1.21.0',
    protocolVersions: options.protocolVersions ?? [4, 5],
    startTimeoutMs: options.startTimeoutMs,
    resourceSampleMs: options.resourceSampleMs ?? 500,
    cpuWatchWindowMs: options.cpuWatchWindowMs ?? 2_000,
    lifecycleTimeoutMs: options.lifecycleTimeoutMs ?? 30_000,
    stopGraceMs: options.stopGraceMs ?? 2_000,
    maxBackoffWaitMs: options.maxBackoffWaitMs ?? 1_000,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    ...hooks,
  };
}
