/**
 * Copies of pinned plugin binaries, named by their sha256, in a folder the host owns (the core
 * gives `<dataDir>/plugin-pins/`). Why: a rebuild replaces the file in the plugin directory, and
 * then the previous bytes are gone. An entry in development mode runs from its copy, so a failed
 * rebuild leaves the previous binary runnable (and a build writing over the file never meets
 * ETXTBSY); an undone re-pin runs from the copy of the earlier bytes. The pin is over the copy:
 * it is hashed before every start like any plugin file.
 *
 * The folder is ours alone (0700, owned by this user, checked at every keep) and copies are 0555,
 * written and fsynced (with the folder) before `keep()` answers: the pin naming a copy is committed
 * with synchronous=FULL, so the copy must be on disk first. A copy kept but not yet pinned is
 * "held" until a prune sees an entry refer to it, the caller releases it, or HOLD_MS passes, so a
 * prune running meanwhile (a `remove`, another re-pin) cannot delete it; keeping and pruning take
 * turns on one lock, so a prune never deletes a copy written while it decided.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { chmod, lstat, mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { HostError } from '../errors';
import { sha256Equal, sha256File } from './sha256';

export interface KeptBinary {
  sha256: string;
  bytes: number;
  /** ISO modification time of the file the copy was made from. */
  modifiedAt: string;
  /** The copy. */
  path: string;
}

const SHA256_NAME = /^[0-9a-f]{64}$/;
/** How long a kept copy no entry refers to yet is safe from pruning unless released sooner. */
export const HOLD_MS = 60_000;

export class KeptBinaries {
  private readonly held = new Map<string, { count: number; since: number }>();
  private turn: Promise<unknown> = Promise.resolve();

  constructor(readonly directory: string) {}

  pathOf(sha256: string): string {
    return join(this.directory, sha256);
  }

  /** A copy is there, and (with `bytes`, the pinned size) still that size: a cheap check; starts hash it in full. */
  has(sha256: string, bytes?: number): boolean {
    const found = existsSync(this.pathOf(sha256)) ? statSync(this.pathOf(sha256)) : undefined;
    return found?.isFile() === true && (bytes === undefined || found.size === bytes);
  }

  /** `has`, and without a recorded size the copy is hashed: before an undo or development mode relies on it. */
  async holdsIntact(sha256: string, bytes?: number): Promise<boolean> {
    if (!this.has(sha256, bytes)) return false;
    if (bytes !== undefined) return true;
    return sha256Equal(sha256, await sha256File(this.pathOf(sha256)).catch(() => ''));
  }

  /**
   * Copies `file` in and names the copy by the hash of the bytes written, so what is pinned is
   * exactly what will run even if the file changes while it is copied. The copy is held (see the
   * header) until an entry refers to it or `release(sha256)`.
   */
  async keep(file: string): Promise<KeptBinary> {
    const source = await stat(file);
    // One read: the bytes hashed are the bytes written (a file that changes meanwhile cannot
    // give a copy that differs from its name), and a 35 MB binary is read once, not twice.
    const bytes = await readFile(file);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await this.inTurn(async () => {
      await this.prepareFolder();
      const temporary = join(this.directory, `.incoming-${process.pid}-${Math.random().toString(36).slice(2)}`);
      try {
        const handle = await open(temporary, 'wx', 0o555);
        try {
          await handle.writeFile(bytes);
          await handle.chmod(0o555);
          await handle.sync();
        } finally {
          await handle.close();
        }
        // Renaming over an existing (0555) copy needs only the folder's write bit.
        await rename(temporary, this.pathOf(sha256));
        await syncFolder(this.directory);
      } finally {
        await rm(temporary, { force: true });
      }
      const hold = this.held.get(sha256);
      this.held.set(sha256, { count: (hold?.count ?? 0) + 1, since: Date.now() });
    });
    return { sha256, bytes: bytes.length, modifiedAt: source.mtime.toISOString(), path: this.pathOf(sha256) };
  }

  /** The caller of `keep()` is done with the copy (it is pinned now, or will not be): a prune may take it. */
  release(sha256: string): void {
    const hold = this.held.get(sha256);
    if (hold === undefined) return;
    if (hold.count <= 1) this.held.delete(sha256);
    else this.held.set(sha256, { ...hold, count: hold.count - 1 });
  }

  /**
   * Removes every copy whose sha256 is not in `referenced` and not held (leaves other files alone).
   * `referenced` is read when the folder has been listed, inside the turn, so it is current.
   */
  async prune(referenced: ReadonlySet<string> | (() => ReadonlySet<string>)): Promise<void> {
    await this.inTurn(async () => {
      const names = await readdir(this.directory).catch(() => [] as string[]);
      const pinned = typeof referenced === 'function' ? referenced() : referenced;
      const now = Date.now();
      for (const [sha256, hold] of this.held) {
        // A copy an entry refers to is safe through the entry; a hold nobody released runs out.
        if (pinned.has(sha256) || now - hold.since > HOLD_MS) this.held.delete(sha256);
      }
      const unused = names.filter((name) => SHA256_NAME.test(name) && !pinned.has(name) && !this.held.has(name));
      await Promise.all(unused.map((name) => rm(this.pathOf(name), { force: true })));
      if (unused.length > 0) await syncFolder(this.directory);
    });
  }

  /** One keep or prune at a time (a failed one does not stop the next). */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work, work);
    this.turn = run.catch(() => undefined);
    return run;
  }

  /** Made if absent; always 0700 and ours: a folder others could write could swap a pinned binary. */
  private async prepareFolder(): Promise<void> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    const folder = await lstat(this.directory);
    const uid = process.getuid?.();
    if (!folder.isDirectory() || (uid !== undefined && folder.uid !== uid)) {
      throw new HostError(
        'invalid_request',
        `The folder for kept plugin binaries "${this.directory}" is ${folder.isDirectory() ? `owned by uid ${folder.uid}, not by the user Strongroom runs as (uid ${uid})` : 'not a folder (a link or a file)'}. ` +
          'Remove it (Strongroom makes it again) or give it back to this user, then try again.',
        { directory: this.directory },
      );
    }
    await chmod(this.directory, 0o700);
  }
}

async function syncFolder(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
