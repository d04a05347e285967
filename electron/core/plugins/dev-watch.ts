/**
 * "A rebuild finished": watches a file's folder (a build writes a temp file and renames it over,
 * or truncates and writes in place; watching the folder sees both, and survives the file being
 * replaced) or a source folder, and calls back once the changes have stopped and the file's size
 * and modification time hold still. The callback gets the time of the last change seen: where
 * the author's loop is measured from.
 */
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

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
  /** Folder mode: names to ignore (build output, dependencies). */
  ignore?: (relativeName: string) => boolean;
}

export class SettledWatch {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastChangeAt = 0;
  private closed = false;

  constructor(
    private readonly target: WatchTarget,
    private readonly onSettled: (change: SettledChange) => void,
    private readonly onError: (error: Error) => void,
  ) {
    const folder = target.kind === 'file' ? dirname(target.path) : target.path;
    const name = basename(target.path);
    this.watcher = watch(folder, { recursive: target.kind === 'folder', persistent: false }, (_event, changed) => {
      const file = changed?.toString() ?? '';
      if (target.kind === 'file' && file !== '' && file !== name) return;
      if (target.kind === 'folder' && file !== '' && target.ignore?.(file) === true) return;
      this.changed();
    });
    this.watcher.on('error', (error) => this.onError(error));
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
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
