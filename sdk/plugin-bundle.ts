/**
 * The step both packagings share: esbuild bundles a plugin entry into one CommonJS script (all
 * dependencies inlined, minified), and the result is written where a host may be watching.
 */
import { build, type BuildOptions } from 'esbuild';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface PackagedPlugin {
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** esbuild's options for a plugin entry (also for an incremental context that rebuilds on save). */
export function pluginBuildOptions(entry: string): BuildOptions & { write: false } {
  return {
    entryPoints: [path.resolve(entry)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    logLevel: 'silent',
    // Paths in the bundle are relative to the entry's folder, never to wherever the build ran.
    absWorkingDir: path.dirname(path.resolve(entry)),
  };
}

/** The entry's bundle as CommonJS source; the same sources give the same bytes. */
export async function bundlePlugin(entry: string): Promise<Uint8Array> {
  const code = (await build(pluginBuildOptions(entry))).outputFiles[0]?.contents;
  if (code === undefined) throw new Error(`esbuild produced no output for ${entry}`);
  return code;
}

/** A temporary name beside `outFile`: renaming it over the target is atomic on one filesystem. */
export function temporaryBeside(outFile: string): string {
  return `${path.resolve(outFile)}.tmp-${process.pid}`;
}

/**
 * Makes `temporary` mode 755 and renames it over `outFile`, so a host never executes a
 * half-written file.
 */
export async function publishExecutable(temporary: string, outFile: string): Promise<void> {
  await chmod(temporary, 0o755);
  await rename(temporary, path.resolve(outFile));
}

/** Writes `bytes` as the executable `outFile` (through a temporary file beside it). */
export async function writeExecutable(outFile: string, bytes: Uint8Array): Promise<void> {
  await mkdir(path.dirname(path.resolve(outFile)), { recursive: true });
  const temporary = temporaryBeside(outFile);
  await writeFile(temporary, bytes, { mode: 0o755 });
  await publishExecutable(temporary, outFile);
}

/** Streams the file through sha256 (a standalone build is ~100 MB). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
