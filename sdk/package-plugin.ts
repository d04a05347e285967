/**
 * Packages a TypeScript plugin entry as one executable file: an esbuild bundle (CommonJS, all
 * dependencies inlined, minified) behind a `#!/usr/bin/env node` line, mode 755. The output
 * depends only on the sources, so the same source gives the same sha256 (what the catalog pins).
 *
 *   npx tsx sdk/package-plugin.ts <entry.ts> <output file>
 */
import { build, context as esbuildContext, type BuildOptions } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackagedPlugin {
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
}

/*
 * Node decides how to run an extensionless file from the nearest package.json: CommonJS, or an
 * ES module under `"type": "module"`. The bundle is CommonJS wrapped in a function that is
 * valid in both: it gets `require` from `createRequire(argv[1])` through a dynamic import, which
 * both module systems have. (So the entry must not use top-level await: `serve(b).catch(…)`.)
 */
const LOADER_HEAD =
  '#!/usr/bin/env node\n' +
  'import("node:module").then(function(m){var f=process.argv[1],r=m.createRequire(f),o={exports:{}};' +
  '(function(require,module,exports,__filename,__dirname){\n';
const LOADER_TAIL = '\n})(r,o,o.exports,f,r("node:path").dirname(f))});\n';

const buildOptions = (entry: string): BuildOptions & { write: false } => ({
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
});

/** Bundles `entry` into `outFile` (see the loader note above). */
export async function packagePlugin(entry: string, outFile: string): Promise<PackagedPlugin> {
  return writePackaged(entry, outFile, (await build(buildOptions(entry))).outputFiles[0]?.contents);
}

/**
 * The same packaging, kept warm for a watcher that rebuilds on every save: esbuild's incremental
 * context re-reads only what changed. The output is the same bytes as `packagePlugin`'s.
 */
export async function createPackager(entry: string, outFile: string): Promise<{ rebuild(): Promise<PackagedPlugin>; dispose(): Promise<void> }> {
  const context = await esbuildContext(buildOptions(entry));
  return {
    rebuild: async () => writePackaged(entry, outFile, (await context.rebuild()).outputFiles?.[0]?.contents),
    dispose: () => context.dispose(),
  };
}

async function writePackaged(entry: string, outFile: string, code: Uint8Array | undefined): Promise<PackagedPlugin> {
  if (code === undefined) throw new Error(`esbuild produced no output for ${entry}`);
  const bytes = Buffer.concat([Buffer.from(LOADER_HEAD), Buffer.from(code), Buffer.from(LOADER_TAIL)]);
  await mkdir(path.dirname(path.resolve(outFile)), { recursive: true });
  // Written beside the target and renamed, so a host never executes a half-written file.
  const temporary = `${outFile}.tmp-${process.pid}`;
  await writeFile(temporary, bytes, { mode: 0o755 });
  await chmod(temporary, 0o755);
  await rename(temporary, outFile);
  return { file: path.resolve(outFile), sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}

export async function sha256File(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [entry, outFile] = process.argv.slice(2);
  if (entry === undefined || outFile === undefined) {
    console.error('usage: tsx sdk/package-plugin.ts <entry.ts> <output file>');
    process.exit(2);
  }
  const packaged = await packagePlugin(entry, outFile);
  console.log(`${packaged.file}  ${packaged.bytes} bytes  sha256 ${packaged.sha256}`);
}
