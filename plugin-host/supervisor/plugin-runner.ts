/**
 * The runner, in go-plugin's sense: it turns a catalog entry into a spawned process with a valid
 * handshake and nothing more (no transport). Verify the binary → private socket directory →
 * launch and handshake → record `{pid, command}` for the orphan reaper. A failure at any step
 * leaves no process and no directory behind. The transport to it is `plugin-transport.ts`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CatalogEntry, PluginCatalog } from '../catalog/catalog';
import { limitsAdvice } from '../catalog/limits';
import { launchPlugin, type LaunchedPlugin } from '../launch/launcher';
import type { PluginLogLine } from '../launch/log-line';
import type { HostCertificate } from '../launch/mtls';
import { recordPlugin } from './orphans';

export interface StartSettings {
  catalog: PluginCatalog;
  hostCertificate: Promise<HostCertificate>;
  socketRoot: string;
  vaultVersion: string;
  protocolVersions: number[];
  /** Overrides the entry's `startTimeoutSeconds` when set. */
  startTimeoutMs: number | undefined;
}

export interface SpawnedPlugin {
  launched: LaunchedPlugin;
  /** The process's private socket directory; removed with `removeSocketDir` once it exited. */
  socketDir: string;
  hostCertificate: HostCertificate;
  /** sha256 verified just before this process was started (Vault's `running_sha256`). */
  sha256: string;
}

export async function spawnPlugin(
  entry: CatalogEntry,
  settings: StartSettings,
  hooks: { mountLabel: string; onLog: (line: PluginLogLine) => void },
): Promise<SpawnedPlugin> {
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
    await removeSocketDir(socketDir);
    throw error;
  });
  await recordPlugin(socketDir, { pid: launched.pid, command }).catch(async (error: unknown) => {
    launched.kill();
    await launched.exited;
    await removeSocketDir(socketDir);
    throw error;
  });
  return { launched, socketDir, hostCertificate, sha256: entry.sha256 };
}

/**
 * Does this entry's binary start? Spawned and handshaken exactly as for a mount's start, then
 * killed at once: no transport, no mount, no slot in the supervisor. Rejects as a start would.
 */
export async function probePlugin(entry: CatalogEntry, settings: StartSettings, onLog: (line: PluginLogLine) => void): Promise<void> {
  const spawned = await spawnPlugin(entry, settings, { mountLabel: '', onLog });
  spawned.launched.kill();
  await spawned.launched.exited;
  await removeSocketDir(spawned.socketDir);
}

export async function removeSocketDir(socketDir: string): Promise<void> {
  await rm(socketDir, { recursive: true, force: true });
}
