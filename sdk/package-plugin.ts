/**
 * Packages a TypeScript plugin entry as one executable file: an esbuild bundle (CommonJS, all
 * dependencies inlined, minified) behind a `#!/usr/bin/env node` line, mode 755. The output
 * depends only on the sources, so the same source gives the same sha256 (what the catalog pins).
 * With `standalone` it is a Node single executable application instead, for machines without
 * Node (`package-standalone.ts`).
 *
 *   npx tsx sdk/package-plugin.ts <entry.ts> <output file> [--standalone [--node <node binary>]]
 */
import { context as esbuildContext } from 'esbuild';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { packageStandalone, StandaloneBuildError } from './package-standalone';
import { bundlePlugin, pluginBuildOptions, writeExecutable, type PackagedPlugin } from './plugin-bundle';

export { sha256File, type PackagedPlugin } from './plugin-bundle';
export { packageStandalone, StandaloneBuildError, type StandaloneOptions } from './package-standalone';

export interface PackageOptions {
  /** Build a single executable application carrying its own Node (~100 MB) instead of the bundle. */
  standalone?: boolean;
  /** With `standalone`: the Node binary to embed (default: the one running the build). */
  node?: string;
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

/** Bundles `entry` into `outFile` (see the loader note above), or builds it standalone. */
export async function packagePlugin(entry: string, outFile: string, options: PackageOptions = {}): Promise<PackagedPlugin> {
  if (options.standalone === true) return packageStandalone(entry, outFile, options.node === undefined ? {} : { node: options.node });
  return writePackaged(entry, outFile, await bundlePlugin(entry));
}

/**
 * The same packaging, kept warm for a watcher that rebuilds on every save: esbuild's incremental
 * context re-reads only what changed. The output is the same bytes as `packagePlugin`'s.
 */
export async function createPackager(entry: string, outFile: string): Promise<{ rebuild(): Promise<PackagedPlugin>; dispose(): Promise<void> }> {
  const context = await esbuildContext(pluginBuildOptions(entry));
  return {
    rebuild: async () => writePackaged(entry, outFile, (await context.rebuild()).outputFiles?.[0]?.contents),
    dispose: () => context.dispose(),
  };
}

async function writePackaged(entry: string, outFile: string, code: Uint8Array | undefined): Promise<PackagedPlugin> {
  if (code === undefined) throw new Error(`esbuild produced no output for ${entry}`);
  const bytes = Buffer.concat([Buffer.from(LOADER_HEAD), Buffer.from(code), Buffer.from(LOADER_TAIL)]);
  await writeExecutable(outFile, bytes);
  return { file: path.resolve(outFile), sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}

const USAGE = 'usage: tsx sdk/package-plugin.ts <entry.ts> <output file> [--standalone [--node <node binary>]]';

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { standalone: { type: 'boolean', default: false }, node: { type: 'string' } } });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const [entry, outFile] = parsed.positionals;
  if (entry === undefined || outFile === undefined || parsed.positionals.length > 2) {
    console.error(USAGE);
    process.exit(2);
  }
  if (parsed.values.node !== undefined && !parsed.values.standalone) {
    console.error(`--node only applies to a standalone build: add --standalone\n${USAGE}`);
    process.exit(2);
  }
  try {
    const packaged = await packagePlugin(entry, outFile, { standalone: parsed.values.standalone, ...(parsed.values.node === undefined ? {} : { node: parsed.values.node }) });
    console.log(`${packaged.file}  ${packaged.bytes} bytes  sha256 ${packaged.sha256}`);
  } catch (error) {
    if (!(error instanceof StandaloneBuildError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
