/**
 * One live plugin process of a slot and the two ends of its life: `startProcess` (verify the
 * binary → private socket directory → launch and handshake → record for the orphan reaper →
 * connection and broker) and `gracefulShutdown` (Cleanup each backend, close the brokered servers
 * and the broker, Shutdown, ≤ grace, SIGKILL). The slot (`supervised-process.ts`) mounts, watches
 * and replaces them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CatalogEntry, PluginCatalog } from '../catalog/catalog';
import { limitsAdvice } from '../catalog/limits';
import type { HostError } from '../errors';
import { HostBroker } from '../grpc/broker';
import { PluginConnection } from '../grpc/connection';
import { requestShutdown } from '../grpc/plugin-services';
import { launchPlugin, type LaunchedPlugin } from '../launch/launcher';
import type { PluginLogLine } from '../launch/log-line';
import type { HostCertificate } from '../launch/mtls';
import type { MountedBackend } from './mounted-backend';
import { recordPlugin } from './orphans';
import type { ResourceWatch } from './resource-watch';

export interface Running {
  launched: LaunchedPlugin;
  connection: PluginConnection;
  broker: HostBroker;
  socketDir: string;
  watch: ResourceWatch;
  /** sha256 verified just before this process was started (Vault's `running_sha256`). */
  sha256: string;
  /** What the plugin's version service reports (Vault's `running_plugin_version`); '' = none. */
  pluginVersion: string | undefined;
  /** Why the host killed it (memory ceiling, CPU watchdog): its exit error instead of plugin_exited. */
  killReason?: HostError;
  /** Being replaced by a reload: its exit is not a failure. */
  retiring?: boolean;
  /** The CPU watchdog is measuring it now. */
  cpuWatched?: boolean;
}

export interface StartSettings {
  catalog: PluginCatalog;
  hostCertificate: Promise<HostCertificate>;
  socketRoot: string;
  vaultVersion: string;
  protocolVersions: number[];
  /** Overrides the entry's `startTimeoutSeconds` when set. */
  startTimeoutMs: number | undefined;
}

export async function startProcess(
  entry: CatalogEntry,
  settings: StartSettings,
  hooks: { mountLabel: string; onLog: (line: PluginLogLine) => void; watch: (pid: number) => ResourceWatch },
): Promise<Running> {
  const command = await settings.catalog.verifyForStart(entry);
  const hostCertificate = await settings.hostCertificate;
  const socketDir = await mkdtemp(join(settings.socketRoot, 'sr-'));
  const launched = await launchPlugin({
    pluginName: entry.name,
    mountLabel: hooks.mountLabel,
    command,
    args: entry.args,
    env: entry.env,
    socketDir,
    hostCertificate,
    protocolVersions: settings.protocolVersions,
    startTimeoutMs: settings.startTimeoutMs ?? entry.startTimeoutSeconds * 1000,
    startTimeoutAdvice: `raise its start timeout (startTimeoutSeconds): ${limitsAdvice(entry, 'startTimeoutSeconds', Math.max(60, entry.startTimeoutSeconds * 2))}`,
    vaultVersion: settings.vaultVersion,
    onLog: hooks.onLog,
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
  const { handshake } = launched;
  const connection = new PluginConnection(
    { plugin: entry.name, network: handshake.network, address: handshake.address, serverCertPem: handshake.serverCertPem },
    hostCertificate,
    launched.exited,
  );
  const broker = new HostBroker(connection, socketDir, hostCertificate, handshake.serverCertPem);
  return { launched, connection, broker, socketDir, watch: hooks.watch(launched.pid), sha256: entry.sha256, pluginVersion: undefined };
}

/** Everything but the final discard (the slot's, which also forgets the process). */
export async function gracefulShutdown(running: Running, backends: MountedBackend[], stoppedError: HostError, stopGraceMs: number): Promise<void> {
  await Promise.all(backends.map((backend) => backend.unmount()));
  await running.broker.close();
  await requestShutdown(running.connection, stopGraceMs);
  running.connection.failAll(stoppedError);
  const grace = new Promise<'timeout'>((resolve) => setTimeout(resolve, stopGraceMs, 'timeout').unref());
  if ((await Promise.race([running.launched.exited, grace])) === 'timeout') running.launched.kill('SIGKILL');
}
