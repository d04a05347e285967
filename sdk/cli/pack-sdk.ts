/**
 * `npm run sdk:pack -- <dir>`: packs `@strongroom/plugin-sdk` as a self-contained npm tarball
 * (what publishing would upload), e.g. for a project made by `plugin:new` to depend on.
 *
 * In this checkout the SDK imports the two modules both sides of the wire share, `proto/wire`
 * and `proto/automtls`, from beside it. A published package cannot reach outside its folder, so
 * the tarball carries a copy of them under its own `proto/` and those imports are rewritten to
 * point there. Its generated code is already its own (`sdk/gen`). The checkout tooling (`cli/`)
 * stays behind.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const sdkDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(sdkDir, '..');
/** The shared modules the SDK imports from outside its folder, copied into the package. */
const SHARED = ['proto/wire', 'proto/automtls'];
const SHARED_IMPORT = /from '\.\.\/proto\//g;

/** Writes the tarball into `destDir` and returns its path. */
export async function packSdk(destDir: string): Promise<string> {
  const stage = await mkdtemp(path.join(tmpdir(), 'strongroom-sdk-pack-'));
  try {
    await cp(sdkDir, stage, { recursive: true, filter: (source) => !isCheckoutOnly(source) });
    for (const shared of SHARED) {
      await cp(path.join(repoRoot, shared), path.join(stage, shared), { recursive: true, filter: (source) => !source.endsWith('README.md') });
    }
    for (const entry of await readdir(stage)) {
      if (!entry.endsWith('.ts')) continue;
      const file = path.join(stage, entry);
      const source = await readFile(file, 'utf8');
      const rewritten = source.replace(SHARED_IMPORT, "from './proto/");
      // Anything else reaching outside the package would break once published: refuse it here.
      if (/from '\.\.\//.test(rewritten)) throw new Error(`sdk/${entry} imports from outside sdk/ other than ${SHARED.join(', ')}`);
      await writeFile(file, rewritten);
    }
    await mkdir(destDir, { recursive: true });
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', path.resolve(destDir)], { cwd: stage });
    const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
    if (packed === undefined) throw new Error('npm pack wrote no tarball');
    return path.join(path.resolve(destDir), packed.filename);
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

function isCheckoutOnly(source: string): boolean {
  const relative = path.relative(sdkDir, source);
  return relative === 'cli' || relative === 'node_modules' || relative.startsWith(`cli${path.sep}`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [destDir] = process.argv.slice(2);
  if (destDir === undefined) {
    console.error('usage: npm run sdk:pack -- <destination folder>');
    process.exit(2);
  }
  console.log(await packSdk(destDir));
}
