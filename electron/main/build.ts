/** Bundles the Electron main process and preload (esbuild) into dist/electron. */
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(here, '..', '..', 'dist', 'electron');

export async function buildElectronMain(): Promise<string> {
  await build({
    entryPoints: [path.join(here, 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: path.join(outDir, 'main.mjs'),
    external: ['electron', 'better-sqlite3', '@grpc/grpc-js'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  // plugin-host's callback thread and the store it opens run in a worker, which loads them by URL
  // from beside main.mjs (plugin-host/callbacks/callback-thread.ts, electron/storage/off-thread-store.ts).
  await build({
    entryPoints: {
      'callback-worker': path.resolve(here, '..', '..', 'plugin-host', 'callbacks', 'callback-worker.ts'),
      'off-thread-store': path.resolve(here, '..', 'storage', 'off-thread-store.ts'),
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    external: ['electron', 'better-sqlite3', '@grpc/grpc-js'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  // The preload runs sandboxed, which requires CommonJS.
  await build({
    entryPoints: [path.join(here, 'preload.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: path.join(outDir, 'preload.cjs'),
    external: ['electron'],
    logLevel: 'warning',
  });
  return path.join(outDir, 'main.mjs');
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`electron main built: ${await buildElectronMain()}`);
}
