/**
 * Bundles the renderer with esbuild into dist/renderer (index.html, app.js, app.css). Fast enough
 * (well under a second) that the headless mode rebuilds on every start.
 */
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const rendererOutDir = path.resolve(here, '..', 'dist', 'renderer');

export async function buildRenderer(options: { outDir?: string; minify?: boolean } = {}): Promise<string> {
  const outDir = options.outDir ?? rendererOutDir;
  fs.mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: { app: path.join(here, 'src', 'main.tsx') },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome120'],
    outdir: outDir,
    minify: options.minify ?? true,
    sourcemap: 'linked',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    loader: { '.svg': 'dataurl' },
  });
  fs.copyFileSync(path.join(here, 'index.html'), path.join(outDir, 'index.html'));
  fs.cpSync(path.join(here, 'public'), outDir, { recursive: true });
  return outDir;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildRenderer();
  console.log(`renderer built into ${path.relative(process.cwd(), out)}`);
}
