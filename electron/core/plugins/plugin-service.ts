/**
 * The plugin catalog as users manage it: register (hashing the binary), list with the mounts
 * that use each entry, remove (refused while a mount needs the entry), reload processes, and the
 * plugin directory setting (changing it rebuilds the plugin runtime).
 */
import { isAbsolute, join } from 'node:path';
import { repin, repinPreview, setDevelopment, undoRepin, versionKey, type CatalogEntry, type EntryRef, type PluginType, type RegistrationInput } from '../../../plugin-host';
import type { PluginDevResults, PluginRepinPreview } from '../../common/contract/plugin-dev';
import type { CatalogEntryView, PluginsResults } from '../../common/contract/plugins';
import type { MethodArgs } from '../../common/contract';
import type { SettingsView } from '../../common/contract/settings';
import { CoreError } from '../core-errors';
import type { EventBus } from '../event-bus';
import { normaliseMountPath } from '../mounts/mount-path';
import type { MountEntry, MountTable } from '../mounts/mount-table';
import type { SettingsStore } from '../settings/settings-store';
import { DevReloader } from './dev-reloader';
import { hashFileWithProgress } from './hash-file';
import { listPluginDirectory } from './plugin-directory';
import { copyIntoPluginDirectory, inspectPluginFile } from './plugin-install';
import type { PluginRuntime } from './plugin-runtime';
import { checkSourceFolder } from './source-folder';

export class PluginService {
  /** Development mode's watchers (see dev-reloader.ts); `sync()` after every catalog change. */
  readonly dev: DevReloader;

  constructor(
    private readonly runtime: PluginRuntime,
    private readonly table: MountTable,
    private readonly settings: SettingsStore,
    private readonly events: EventBus,
  ) {
    this.dev = new DevReloader({
      catalog: () => this.runtime.catalog,
      pluginDirectory: () => this.settings.pluginDirectory(),
      mountsOf: (entry) => this.mountsServedBy(entry),
      reload: (mounts) => this.runtime.reload(mounts),
      probe: (entry) => this.runtime.probe(entry),
      logs: this.runtime.logs,
      events,
    });
  }

  /** `development`: turn development mode on (or off) with the registration (the HTTP API's `development=true`). */
  async register(input: RegistrationInput & { development?: boolean; sourceDir?: string }): Promise<CatalogEntryView> {
    const { development, sourceDir: given, ...registration } = input;
    // A bad source folder is refused before anything is registered.
    const sourceDir = given === undefined ? undefined : (await checkSourceFolder(given)).folder;
    const entry = await this.runtime.catalog.register(registration);
    if (development === undefined) {
      this.dev.sync();
      return this.view(entry);
    }
    return this.setDevelopment({ type: entry.type, name: entry.name, version: entry.version, enabled: development, sourceDir });
  }

  /** Development mode on or off for one entry (persisted with it); the watcher follows at once. */
  async setDevelopment(args: EntryRef & { enabled: boolean; sourceDir?: string }): Promise<CatalogEntryView> {
    const sourceDir = args.sourceDir === undefined ? undefined : (await checkSourceFolder(args.sourceDir)).folder;
    const entry = await setDevelopment(this.runtime.catalog, args, args.enabled, sourceDir);
    this.dev.sync();
    return this.view(entry);
  }

  async repinPreview(ref: EntryRef): Promise<PluginRepinPreview> {
    const preview = await repinPreview(this.runtime.catalog, ref);
    const entry = this.runtime.catalog.get(ref.type, ref.name, ref.version || undefined);
    return { type: ref.type, name: ref.name, version: entry?.version ?? '', ...preview };
  }

  /** Re-pins and restarts the entry's mounts on the new bytes. */
  async repin(ref: EntryRef & { sha256?: string }): Promise<PluginDevResults['plugins.repin']> {
    const result = await repin(this.runtime.catalog, ref, ref.sha256);
    await this.restartServing(result.entry);
    return { entry: this.view(result.entry), previousSha256: result.previousSha256, undoToken: result.undoToken };
  }

  async undoRepin(ref: EntryRef & { undoToken: string }): Promise<PluginDevResults['plugins.undoRepin']> {
    const entry = await undoRepin(this.runtime.catalog, ref, ref.undoToken);
    await this.restartServing(entry);
    return { entry: this.view(entry), restoredSha256: entry.sha256 };
  }

  /**
   * Every process slot serving the entry's mounts takes the new pin (a slot backing off after a
   * refused start would otherwise retry with the entry it had). A start that fails shows in the
   * process's status (`plugins.status`); the pin stays as asked.
   */
  private async restartServing(entry: CatalogEntry): Promise<void> {
    await this.runtime.reload(this.mountsServedBy(entry)).catch(() => undefined);
  }

  /** New limits for one entry; running processes of it get the memory ceiling at once. */
  tune(args: { type: PluginType; name: string; version?: string; memoryLimitMiB?: number; startTimeoutSeconds?: number }): CatalogEntryView {
    const entry = this.runtime.catalog.tune(args.type, args.name, args.version, {
      memoryLimitMiB: args.memoryLimitMiB,
      startTimeoutSeconds: args.startTimeoutSeconds,
    });
    this.runtime.supervisor.updateEntry(entry);
    return this.view(entry);
  }

  list(): PluginsResults['plugins.list'] {
    const plugins = this.runtime.catalog
      .list()
      .sort((a, b) => `${a.type}/${a.name}/${a.version}`.localeCompare(`${b.type}/${b.name}/${b.version}`))
      .map((entry) => this.view(entry));
    return { plugins, pluginDirectory: this.settings.pluginDirectory() };
  }

  get(type: 'secret' | 'auth', name: string, version?: string): CatalogEntryView | undefined {
    const entry = this.runtime.catalog.get(type, name, version);
    return entry === undefined ? undefined : this.view(entry);
  }

  remove(type: 'secret' | 'auth', name: string, version?: string): boolean {
    const entry = this.runtime.catalog.get(type, name, version === undefined || version === '' ? undefined : version);
    const exact = entry !== undefined && entry.version === versionKey(version) ? entry : undefined;
    if (exact !== undefined) {
      const users = this.mountsServedBy(exact);
      if (users.length > 0) {
        throw new CoreError(
          'plugin_in_use',
          `Plugin "${name}"${exact.version ? ` ${exact.version}` : ''} serves ${users.map((m) => `"${m.path}"`).join(', ')}. Disable those mounts (or pin them to another version) first.`,
          { mounts: users.map((m) => m.path) },
        );
      }
    }
    const removed = this.runtime.catalog.remove(type, name, version);
    this.dev.sync();
    return removed;
  }

  /** Restarts the processes of the given mounts, or of every mount using this plugin name. */
  async reload(args: { plugin?: string; mounts?: string[] }): Promise<string[]> {
    const mounts =
      args.mounts !== undefined
        ? args.mounts.map((path) => this.table.require(normaliseMountPath(path)))
        : this.table.list().filter((entry) => entry.pluginName === args.plugin);
    await this.runtime.reload(mounts);
    return mounts.map((entry) => entry.path);
  }

  /** Vault's `running_plugin_version` / `running_sha256` of the process serving a mount ('' when none runs). */
  running(mountPath: string): { running_plugin_version: string; running_sha256: string } {
    const process = this.runtime.status().find((p) => p.mounts.includes(mountPath));
    const reported = process?.runningVersion ?? '';
    // The KV engine reports no version of its own; Vault gives a built-in's mount the built-in's version.
    const mount = reported === '' ? this.table.find(mountPath) : undefined;
    const builtin = mount && this.runtime.catalog.get(mount.pluginType, mount.pluginName, mount.pluginVersion || undefined);
    const version = builtin?.builtin === true ? builtin.version : reported;
    return { running_plugin_version: version, running_sha256: process?.runningSha256 ?? '' };
  }

  async hashFile(path: string): Promise<PluginsResults['plugins.hashFile']> {
    const file = isAbsolute(path) ? path : join(this.settings.pluginDirectory(), path);
    const result = await hashFileWithProgress(file, (progress) => this.events.publish('plugins.hashProgress', { path: file, ...progress }));
    return { path: file, ...result };
  }

  async directory(): Promise<PluginsResults['plugins.directory']> {
    const directory = this.settings.pluginDirectory();
    return { directory, files: await listPluginDirectory(directory) };
  }

  async inspectFile(path: string, fileName?: string): Promise<PluginsResults['plugins.inspectFile']> {
    this.requireAbsolute(path);
    return inspectPluginFile(path, this.settings.pluginDirectory(), fileName, (progress) =>
      this.events.publish('plugins.hashProgress', { path, ...progress }),
    );
  }

  /** Copies a picked file into the plugin directory (see plugin-install.ts) and registers it. */
  async install(args: MethodArgs<'plugins.install'>): Promise<PluginsResults['plugins.install']> {
    const inspection = await this.inspectFile(args.path, args.fileName);
    await copyIntoPluginDirectory(inspection, args.overwrite === true);
    const entry = await this.register({
      type: args.type ?? 'secret',
      name: args.name,
      version: args.version,
      command: inspection.fileName,
      args: args.args,
      sha256: inspection.sha256,
    });
    return { entry, copied: !inspection.inPluginDirectory && inspection.existing !== 'identical', target: inspection.target };
  }

  private requireAbsolute(path: string): void {
    if (!isAbsolute(path)) {
      throw new CoreError('invalid_request', `"${path}" is not an absolute path: give the full path of the file to add.`, { path });
    }
  }

  async setPluginDirectory(path: string): Promise<SettingsView> {
    const directory = this.settings.setPluginDirectory(path);
    await this.runtime.changeDirectory(directory, this.table.list());
    this.dev.sync();
    return this.settings.view();
  }

  private view(entry: CatalogEntry): CatalogEntryView {
    return {
      type: entry.type,
      name: entry.name,
      version: entry.version,
      command: entry.command,
      args: [...entry.args],
      env: { ...entry.env },
      sha256: entry.sha256,
      memoryLimitMiB: entry.memoryLimitMiB,
      startTimeoutSeconds: entry.startTimeoutSeconds,
      mounts: this.mountsServedBy(entry).map((mount) => mount.path),
      builtin: entry.builtin === true,
      unavailable: entry.unavailable ?? null,
      development: this.dev.view(entry),
      undo:
        entry.previousPin !== undefined && this.runtime.catalog.kept?.has(entry.previousPin.sha256, entry.previousPin.pinnedFile?.bytes) === true
          ? { previousSha256: entry.previousPin.sha256, undoToken: entry.previousPin.undoToken }
          : null,
    };
  }

  /** Mounts that pin this version, or pin none and would get this entry (the catalog's choice). */
  mountsServedBy(entry: CatalogEntry): MountEntry[] {
    return this.table.list().filter((mount) => {
      if (mount.pluginType !== entry.type || mount.pluginName !== entry.name) return false;
      if (mount.pluginVersion !== '') return versionKey(mount.pluginVersion) === entry.version;
      return this.runtime.catalog.get(entry.type, entry.name)?.version === entry.version;
    });
  }
}

