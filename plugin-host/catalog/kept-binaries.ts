/**
 * Copies of pinned plugin binaries, named by their sha256, in a folder the host owns (the core
 * gives `<dataDir>/plugin-pins/`). Why: a rebuild replaces the file in the plugin directory, and
 * then the previous bytes are gone. An entry in development mode runs from its copy, so a failed
 * rebuild leaves the previous binary runnable (and a build writing over the file never meets
 * ETXTBSY); an undone re-pin runs from the copy of the earlier bytes. The pin is over the copy:
 * it is hashed before every start like any plugin file.
 */
import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface KeptBinary {
  sha256: string;
  bytes: number;
  /** ISO modification time of the file the copy was made from. */
  modifiedAt: string;
  /** The copy. */
  path: string;
}

const SHA256_NAME = /^[0-9a-f]{64}$/;

export class KeptBinaries {
  constructor(readonly directory: string) {}

  pathOf(sha256: string): string {
    return join(this.directory, sha256);
  }

  has(sha256: string): boolean {
    return existsSync(this.pathOf(sha256));
  }

  /**
   * Copies `file` in and names the copy by the hash of the bytes written, so what is pinned is
   * exactly what will run even if the file changes while it is copied.
   */
  async keep(file: string): Promise<KeptBinary> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    const source = await stat(file);
    const temporary = join(this.directory, `.incoming-${process.pid}-${Math.random().toString(36).slice(2)}`);
    try {
      // One read: the bytes hashed are the bytes written (a file that changes meanwhile cannot
      // give a copy that differs from its name), and a 35 MB binary is read once, not twice.
      const bytes = await readFile(file);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      await writeFile(temporary, bytes, { mode: 0o755 });
      await chmod(temporary, 0o755);
      await rename(temporary, this.pathOf(sha256));
      return { sha256, bytes: bytes.length, modifiedAt: source.mtime.toISOString(), path: this.pathOf(sha256) };
    } finally {
      await rm(temporary, { force: true });
    }
  }

  /** Removes every copy whose sha256 is not in `referenced` (leaves other files alone). */
  async prune(referenced: ReadonlySet<string>): Promise<void> {
    const names = await readdir(this.directory).catch(() => [] as string[]);
    await Promise.all(names.filter((name) => SHA256_NAME.test(name) && !referenced.has(name)).map((name) => rm(this.pathOf(name), { force: true })));
  }
}
