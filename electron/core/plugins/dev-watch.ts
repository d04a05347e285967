/**
 * "A rebuild finished": watches a file's folder (a build writes a temp file and renames it over,
 * or truncates and writes in place; watching the folder sees both, and survives the file being
 * replaced) or a source folder, and calls back once the changes have stopped and the file's size
 * and modification time hold still. The callback gets the time of the last change seen: where
 * the author's loop is measured from.
 */
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Quiet time after the last event before the file is looked at. */
const DEBOUNCE_MS = 15;
/** The file must keep the same size and mtime over this long. */
const STABLE_MS = 10;
const MAX_STABILITY_CHECKS = 200;

export interface SettledChange {
  /** Date.now() of the last event seen. */
  lastChangeAt: number;
}

export interface WatchTarget {
  /** A file (its folder is watched, only events for its name count) or a folder (every change below it counts). */
  path: string;
  kind: 'file' | 'folder';
  /** Folder mode: names to ignore (build output, dependencies, dot-folders); subfolders made after the watch starts are watched too. */
  ignore?: (relativeName: string) => boolean;
}

export class SettledWatch {
  private watchers: FSWatcher[] = [];
  /** Source folder mode: top-level subfolder name → its recursive watcher. */
  private readonly subfolders = new Map<string, FSWatcher>();
  private timer: NodeJS.Timeout | undefined;
  private lastChangeAt = 0;
  private closed = false;

  constructor(
    private readonly target: WatchTarget,
    private readonly onSettled: (change: SettledChange) => void,
    private readonly onError: (error: Error) => void,
  ) {
    if (target.kind === 'file') {
      const name = basename(target.path);
      this.add(dirname(target.path), false, (file) => file === '' || file === name);
      return;
    }
    // A source folder: its own files, and each subfolder but the ignored ones (a real
    // node_modules would cost thousands of inotify watches), each watched recursively (Node's
    // recursive watch follows folders made inside them). A subfolder made at the top later is
    // seen by the top watcher and watched from then on; one removed has its watcher closed.
    this.add(target.path, false, (file) => {
      if (file === '') return true;
      if (target.ignore?.(file) === true) return false;
      this.followSubfolder(file);
      return true;
    });
    for (const entry of readdirSync(target.path, { withFileTypes: true })) {
      if (entry.isDirectory() && target.ignore?.(entry.name) !== true) this.followSubfolder(entry.name);
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const watcher of this.watchers) watcher.close();
    for (const watcher of this.subfolders.values()) watcher.close();
    this.watchers = [];
    this.subfolders.clear();
  }

  private add(folder: string, recursive: boolean, counts: (file: string) => boolean): FSWatcher {
    const watcher = this.open(folder, recursive, counts);
    this.watchers.push(watcher);
    return watcher;
  }

  private open(folder: string, recursive: boolean, counts: (file: string) => boolean): FSWatcher {
    const watcher = watch(folder, { recursive, persistent: false }, (_event, changed) => {
      if (counts(changed?.toString() ?? '')) this.changed();
    });
    watcher.on('error', (error) => this.onError(error));
    return watcher;
  }

  /** A top-level name of the source folder: watched recursively while it is a folder. */
  private followSubfolder(name: string): void {
    if (this.closed) return;
    const folder = join(this.target.path, name);
    const isFolder = statSync(folder, { throwIfNoEntry: false })?.isDirectory() === true;
    const watcher = this.subfolders.get(name);
    if (isFolder && watcher === undefined) {
      try {
        this.subfolders.set(name, this.open(folder, true, () => true));
      } catch {
        // Gone again between the stat and the watch: its removal event brings us back here.
      }
    } else if (!isFolder && watcher !== undefined) {
      watcher.close();
      this.subfolders.delete(name);
    }
  }

  private changed(): void {
    this.lastChangeAt = Date.now();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.settle(), DEBOUNCE_MS);
  }

  /** For a file: wait until its size and mtime hold still (a truncate-and-write may still be going). */
  private async settle(): Promise<void> {
    const seenAt = this.lastChangeAt;
    if (this.target.kind === 'file') {
      let previous = await fingerprint(this.target.path);
      for (let check = 0; check < MAX_STABILITY_CHECKS; check += 1) {
        await new Promise((resolve) => setTimeout(resolve, STABLE_MS));
        if (this.closed || this.lastChangeAt !== seenAt) return; // a newer event re-armed the timer
        const now = await fingerprint(this.target.path);
        if (now === previous) break;
        previous = now;
      }
    }
    if (!this.closed && this.lastChangeAt === seenAt) this.onSettled({ lastChangeAt: seenAt });
  }
}

async function fingerprint(file: string): Promise<string> {
  const stats = await stat(file).catch(() => undefined);
  return stats === undefined ? 'missing' : `${stats.size}:${stats.mtimeMs}`;
}
