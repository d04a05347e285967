/**
 * `npm run plugin:new -- <dir> --name <name> [--lang ts|go] [--kind secrets|auth]`: scaffolds a
 * plugin project that builds and loads with no edits (README, a secrets engine with one path or an
 * auth method with a login path, a test, a build script).
 */
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { packSdk } from './pack-sdk';
import { goProjectFiles } from './template-go';
import { goAuthFiles } from './template-go-auth';
import { tsProjectFiles } from './template-ts';
import { tsAuthFiles } from './template-ts-auth';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** What a TS project builds and tests with, at the versions this checkout uses. */
const TS_DEV_DEPENDENCIES = ['@types/node', 'tsx', 'typescript'];
const NAME = /^[a-z][a-z0-9-]{0,62}$/;

export class ScaffoldError extends Error {}

export interface ScaffoldOptions {
  dir: string;
  name: string;
  lang: 'ts' | 'go';
  /** A secrets engine (the default) or an auth method: Vault's plugin types `secret` and `auth`. */
  kind?: 'secrets' | 'auth';
}

/** Writes the project; refuses a folder that exists and is not empty. Returns the files written. */
export async function scaffold(options: ScaffoldOptions): Promise<string[]> {
  if (!NAME.test(options.name)) {
    throw new ScaffoldError(`plugin name "${options.name}" must be lower-case letters, digits and dashes, starting with a letter`);
  }
  const dir = path.resolve(options.dir);
  const existing = await readdir(dir).catch(() => []);
  if (existing.length > 0) throw new ScaffoldError(`${dir} already exists and is not empty; pick a new folder`);
  const files = options.lang === 'ts' ? await tsFiles(dir, options.name, options.kind ?? 'secrets') : await goFiles(options.name, options.kind ?? 'secrets');
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(dir, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    if (relative.endsWith('.sh')) await chmod(file, 0o755);
  }
  // The TS project's vendor/ tarball was written by npm pack, not from the template.
  const vendored = options.lang === 'ts' ? (await readdir(path.join(dir, 'vendor'))).map((file) => `vendor/${file}`) : [];
  return [...Object.keys(files), ...vendored].sort();
}

type Kind = NonNullable<ScaffoldOptions['kind']>;

/**
 * Packs the SDK into the project's vendor/ folder and fills the TS template; an auth method is
 * the same project with another backend, test and README.
 */
async function tsFiles(dir: string, name: string, kind: Kind): Promise<Record<string, string>> {
  const sdkTarball = path.relative(dir, await packSdk(path.join(dir, 'vendor')));
  const ours = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const devDependencies = Object.fromEntries(TS_DEV_DEPENDENCIES.map((dep) => [dep, ours.devDependencies[dep] ?? 'latest']));
  const files = tsProjectFiles({ name, sdkTarball, devDependencies });
  return kind === 'auth' ? { ...files, ...tsAuthFiles({ name, sdkTarball }) } : files;
}

async function goFiles(name: string, kind: Kind): Promise<Record<string, string>> {
  const files = goProjectFiles({
    name,
    goMod: await readFile(path.join(repoRoot, 'examples/go/hello/go.mod'), 'utf8'),
    goSum: await readFile(path.join(repoRoot, 'examples/go/hello/go.sum'), 'utf8'),
  });
  return kind === 'auth' ? { ...files, ...goAuthFiles({ name }) } : files;
}

function usage(message: string): never {
  console.error(`${message}\nusage: npm run plugin:new -- <dir> --name <name> [--lang ts|go] [--kind secrets|auth]`);
  process.exit(2);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { name: { type: 'string' }, lang: { type: 'string', default: 'ts' }, kind: { type: 'string', default: 'secrets' } } });
  } catch (error) {
    usage((error as Error).message);
  }
  const [dir] = parsed.positionals;
  const { name, lang, kind } = parsed.values;
  if (dir === undefined || name === undefined) usage('missing <dir> or --name');
  if (lang !== 'ts' && lang !== 'go') usage(`--lang must be ts or go, not "${lang}"`);
  if (kind !== 'secrets' && kind !== 'auth') usage(`--kind must be secrets or auth, not "${kind}"`);
  try {
    const files = await scaffold({ dir, name, lang, kind });
    console.log(`created ${lang} ${kind === 'auth' ? 'auth method' : 'secrets engine'} plugin "${name}" in ${path.resolve(dir)}:\n  ${files.join('\n  ')}`);
    console.log(lang === 'ts' ? `next: (cd ${dir} && npm install && npm test && npm run build)` : `next: (cd ${dir} && go test ./... && sh build.sh)`);
    console.log(`then: open it in Strongroom's development mode, as its README.md says ("Development mode in Strongroom")`);
  } catch (error) {
    if (error instanceof ScaffoldError) usage(error.message);
    throw error;
  }
}
