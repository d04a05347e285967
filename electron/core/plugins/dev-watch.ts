/**
 * "A rebuild finished": watches a file's folder (a build writes a temp file and renames it over,
 * or truncates and writes in place; watching the folder sees both, and survives the file being
 * replaced) or a source folder, and calls back once the changes have stopped and the file's size
 * and modification time hold still. The callback gets the time of the last change seen: where
 * the author's loop is measured from.
 */
import { readdirSync, watch, type FSWatcher } from 'node:fs';
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
  /** Folder mode: names to ignore (build output, dependencies); subfolders made after the watch starts are not watched. */
  ignore?: (relativeName: string) => boolean;
}

export class SettledWatch {
  private watchers: FSWatcher[] = [];
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
    // node_modules would cost thousands of inotify watches), each watched recursively.
    this.add(target.path, false, (file) => file === '' || target.ignore?.(file) !== true);
    for (const entry of readdirSync(target.path, { withFileTypes: true })) {
      if (entry.isDirectory() && target.ignore?.(entry.name) !== true) this.add(join(target.path, entry.name), true, () => true);
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
  }

  private add(folder: string, recursive: boolean, counts: (file: string) => boolean): void {
    const watcher = watch(folder, { recursive, persistent: false }, (_event, changed) => {
      if (counts(changed?.toString() ?? '')) this.changed();
    });
    watcher.on('error', (error) => this.onError(error));
    this.watchers.push(watcher);
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
