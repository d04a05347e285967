/**
 * Development mode's loop, per catalog entry with `development` set: a settled change of the
 * binary (or of a TS plugin's sources, rebuilt first) → keep a copy and hash it → re-pin →
 * restart the entry's processes and set up every mount of it again (mounts, data and leases are
 * untouched: only the process is replaced; with no mount, the binary is started once and stopped)
 * → `plugins.reloaded`. A failed build, an unreadable
 * file, or a binary that does not start or fails its Setup → `plugins.reloadFailed` with the
 * build output or the plugin's stderr, the previous pin restored and its kept copy running again.
 */
import { join } from 'node:path';
import { PinChangedMeanwhile, repin, type CatalogEntry, type PluginCatalog } from '../../../plugin-host';
import type { PluginDevelopmentView, PluginEntryRef, PluginReloadedEvent, PluginReloadFailedEvent } from '../../common/contract/plugin-dev';
import type { EventBus } from '../event-bus';
import type { MountEntry } from '../mounts/mount-table';
import { SettledWatch, type SettledChange } from './dev-watch';
import type { PluginLogHistory } from './plugin-log-history';
import { TsPluginBuilder } from './ts-plugin-builder';

export interface DevReloaderDeps {
  catalog: () => PluginCatalog;
  pluginDirectory: () => string;
  mountsOf: (entry: CatalogEntry) => MountEntry[];
  reload: (mounts: MountEntry[]) => Promise<void>;
  /** Starts the entry's binary once and stops it: how a rebuild no mount uses is checked before it stays pinned. */
  probe: (entry: CatalogEntry) => Promise<void>;
  logs: PluginLogHistory;
  events: EventBus;
}

interface Watched {
  ref: PluginEntryRef;
  watching: string;
  source: string | null;
  watch: SettledWatch;
  lastReload: PluginReloadedEvent | null;
  lastFailure: PluginReloadFailedEvent | null;
  running: Promise<void> | undefined;
  pending: SettledChange | undefined;
}

/** Files in a TS source folder whose change is not a source change. */
const ignoredSource = (name: string) => /(^|[/\\])(node_modules|dist|\.[^/\\]+)([/\\]|$)/.test(name);

export class DevReloader {
  private readonly watched = new Map<string, Watched>();
  private readonly builder = new TsPluginBuilder();

  constructor(private readonly deps: DevReloaderDeps) {}

  /** Watches exactly the entries in development mode now (at unseal, and after every change to the catalog). */
  sync(): void {
    const wanted = new Map<string, CatalogEntry>();
    for (const entry of this.deps.catalog().list()) if (entry.development !== undefined) wanted.set(keyOf(entry), entry);
    for (const [key, watched] of this.watched) {
      const entry = wanted.get(key);
      if (entry === undefined || this.target(entry).watching !== watched.watching) {
        watched.watch.close();
        this.watched.delete(key);
      }
    }
    for (const [key, entry] of wanted) if (!this.watched.has(key)) this.start(key, entry);
  }

  view(entry: CatalogEntry): PluginDevelopmentView | null {
    if (entry.development === undefined) return null;
    const watched = this.watched.get(keyOf(entry));
    const target = this.target(entry);
    const runningCopy = this.deps.catalog().kept?.pathOf(entry.sha256) ?? '';
    return { ...target, runningCopy, lastReload: watched?.lastReload ?? null, lastFailure: watched?.lastFailure ?? null };
  }

  stop(): void {
    for (const watched of this.watched.values()) watched.watch.close();
    this.watched.clear();
    this.builder.stop();
  }

  private target(entry: CatalogEntry): { watching: string; source: string | null } {
    const source = entry.development?.sourceDir ?? null;
    return { watching: source ?? join(this.deps.pluginDirectory(), entry.command), source };
  }

  private start(key: string, entry: CatalogEntry): void {
    const target = this.target(entry);
    const ref: PluginEntryRef = { type: entry.type, name: entry.name, version: entry.version };
    const watched: Watched = { ref, ...target, watch: undefined as unknown as SettledWatch, lastReload: null, lastFailure: null, running: undefined, pending: undefined };
    const onChange = (change: SettledChange) => this.changed(watched, change);
    const onError = (error: Error) => void this.failed(watched, entry.sha256, 'hash', `Watching "${target.watching}" failed: ${error.message}`, []);
    try {
      watched.watch = new SettledWatch(
        target.source === null ? { path: target.watching, kind: 'file' } : { path: target.source, kind: 'folder', ignore: ignoredSource },
        onChange,
        onError,
      );
    } catch (error) {
      // A folder that is gone: say so where the author looks, and watch nothing until it is set again.
      watched.watch = { close: () => undefined } as unknown as SettledWatch;
      watched.lastFailure = failure(ref, entry.sha256, 'hash', `"${target.watching}" cannot be watched: ${(error as Error).message}. Check the folder exists, then turn development mode off and on.`, []);
    }
    this.watched.set(key, watched);
  }

  /** One rebuild at a time per entry; changes meanwhile are handled once it ends. */
  private changed(watched: Watched, change: SettledChange): void {
    if (watched.running !== undefined) {
      watched.pending = change;
      return;
    }
    watched.running = this.rebuild(watched, change)
      .catch((error: unknown) => this.failed(watched, '', 'start', `Unexpected: ${(error as Error).message}`, []))
      .finally(() => {
        watched.running = undefined;
        const next = watched.pending;
        watched.pending = undefined;
        if (next !== undefined && this.watched.get(keyOf(watched.ref)) === watched) this.changed(watched, next);
      });
  }

  private async rebuild(watched: Watched, change: SettledChange): Promise<void> {
    const catalog = this.deps.catalog();
    const entry = catalog.get(watched.ref.type, watched.ref.name, watched.ref.version || undefined);
    if (entry === undefined || entry.version !== watched.ref.version || entry.development === undefined) return;
    const file = join(this.deps.pluginDirectory(), entry.command);
    if (watched.source !== null) {
      const built = await this.builder.build(join(watched.source, 'main.ts'), file);
      if (!built.ok) return this.failed(watched, entry.sha256, 'build', `The build of "${join(watched.source, 'main.ts')}" failed; the previous binary stays pinned.`, built.output);
    }
    let kept;
    try {
      kept = await requireKept(catalog).keep(await catalog.commandFile(entry));
    } catch (error) {
      if ((error as { code?: string }).code === 'plugin_binary_missing') return; // mid-replace: the next event brings the file
      return this.failed(watched, entry.sha256, 'hash', `"${file}" could not be read: ${(error as Error).message}`, []);
    }
    if (kept.sha256 === entry.sha256) return; // touched, not changed
    // Development mode turned off (or the catalog replaced) while this rebuild ran: pin nothing.
    if (!this.stillWatched(watched, catalog)) return void (await catalog.settleKept(kept.sha256));
    let next: CatalogEntry;
    try {
      next = (await repin(catalog, watched.ref, undefined, kept, { fromSha256: entry.sha256 })).entry;
    } catch (error) {
      if (error instanceof PinChangedMeanwhile) return void (await catalog.settleKept(kept.sha256));
      throw error;
    }
    const mounts = this.deps.mountsOf(next);
    const mark = this.lastLogSeq(entry.name);
    try {
      // With no mount to reload the new binary is still started once (then stopped): one that
      // crashes on start must not become the pin.
      await (mounts.length > 0 ? this.deps.reload(mounts) : this.deps.probe(next));
    } catch (error) {
      this.restorePin(catalog, entry, kept.sha256);
      await catalog.settleKept(kept.sha256);
      // The last stderr lines of a process that just died may still be on their way through the pipe.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const stderr = this.linesSince(entry.name, mark);
      if (mounts.length > 0) await this.deps.reload(mounts).catch(() => undefined);
      const what = mounts.length > 0 ? 'did not start or failed its Setup' : 'did not start (no mount uses it; it was started once to check)';
      return this.failed(watched, entry.sha256, 'start', `The new binary (sha256 ${kept.sha256}) ${what}: ${(error as Error).message}`, stderr);
    }
    const event: PluginReloadedEvent = {
      ...watched.ref,
      previousSha256: entry.sha256,
      sha256: next.sha256,
      bytes: kept.bytes,
      mounts: mounts.map((mount) => mount.path),
      at: new Date().toISOString(),
      durationMs: Date.now() - change.lastChangeAt,
    };
    watched.lastReload = event;
    watched.lastFailure = null;
    this.deps.events.publish('plugins.reloaded', event);
  }

  private stillWatched(watched: Watched, catalog: PluginCatalog): boolean {
    return this.deps.catalog() === catalog && this.watched.get(keyOf(watched.ref)) === watched;
  }

  /**
   * After a failed reload, back to the pin before it, but only if the entry still holds this
   * rebuild's pin (anything else changed meanwhile — development mode off, an undo, a re-pin —
   * stands), and only the pin's own fields. The file on disk is the failed build, so the previous
   * bytes run from their kept copy.
   */
  private restorePin(catalog: PluginCatalog, before: CatalogEntry, failedSha256: string): void {
    const current = catalog.get(before.type, before.name, before.version || undefined);
    if (current === undefined || current.version !== before.version || current.sha256 !== failedSha256) return;
    const restored: CatalogEntry = { ...current, sha256: before.sha256, runsFromKeptCopy: true };
    if (before.pinnedFile === undefined) delete restored.pinnedFile;
    else restored.pinnedFile = before.pinnedFile;
    // The undo it had, while the bytes it goes back to are still kept.
    if (before.previousPin === undefined || catalog.kept?.has(before.previousPin.sha256) !== true) delete restored.previousPin;
    else restored.previousPin = before.previousPin;
    catalog.replace(restored);
    this.sync();
  }

  private failed(watched: Watched, pinnedSha256: string, stage: PluginReloadFailedEvent['stage'], message: string, output: string[]): void {
    const pinned = pinnedSha256 || (this.deps.catalog().get(watched.ref.type, watched.ref.name, watched.ref.version || undefined)?.sha256 ?? '');
    const event = failure(watched.ref, pinned, stage, message, output);
    watched.lastFailure = event;
    this.deps.events.publish('plugins.reloadFailed', event);
  }

  private lastLogSeq(plugin: string): number {
    return this.deps.logs.query({ plugin, limit: 1 }).lines.at(-1)?.seq ?? 0;
  }

  private linesSince(plugin: string, mark: number): string[] {
    return this.deps.logs
      .query({ plugin, limit: 200 })
      .lines.filter((line) => line.seq > mark)
      .map((line) => line.message);
  }
}

function failure(ref: PluginEntryRef, pinnedSha256: string, stage: PluginReloadFailedEvent['stage'], message: string, output: string[]): PluginReloadFailedEvent {
  return { ...ref, stage, message, output, pinnedSha256, at: new Date().toISOString() };
}

function keyOf(ref: { type: string; name: string; version: string }): string {
  return `${ref.type}\0${ref.name}\0${ref.version}`;
}

function requireKept(catalog: PluginCatalog) {
  if (catalog.kept === undefined) throw new Error('this catalog keeps no binaries');
  return catalog.kept;
}
