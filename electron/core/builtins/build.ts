/**
 * Builds the built-in plugins (builtin-plugins.ts) from the Go module proxy into dist/builtins,
 * with manifest.json beside them (name, module, version, sha256). A built-in whose manifest entry
 * matches the pin and whose file still hashes to it is left alone without running Go, so
 * `npm ci` on a current checkout costs one hash. `npm install` runs this (postinstall): a failure
 * (no Go, say) prints one line, is recorded in the manifest for the catalog to repeat, and exits
 * 0; `--require` (`npm run build`, `npm run build:builtins`) makes it fatal.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BUILTIN_PLUGINS,
  GO_MISSING_LINE,
  MANIFEST_FILE,
  moduleQuery,
  type BuiltinManifest,
  type BuiltinManifestEntry,
  type BuiltinPlugin,
} from './builtin-plugins';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const defaultOutDir = path.join(repoRoot, 'dist', 'builtins');

export interface BuildBuiltinsOptions {
  /** Default dist/builtins. */
  readonly outDir?: string;
  /** The Go command; default `$GO` or `go`. */
  readonly go?: string;
  readonly plugins?: readonly BuiltinPlugin[];
}

export type BuiltinBuildResult =
  | { readonly name: string; readonly outcome: 'current' | 'built'; readonly file: string; readonly sha256: string }
  | { readonly name: string; readonly outcome: 'failed'; readonly problem: string };

const platform = `${process.platform}/${process.arch}`;

export function readManifest(outDir: string): BuiltinManifest {
  try {
    const manifest = JSON.parse(readFileSync(path.join(outDir, MANIFEST_FILE), 'utf8')) as BuiltinManifest;
    return manifest.format === 1 && Array.isArray(manifest.plugins) ? manifest : { format: 1, plugins: [] };
  } catch {
    return { format: 1, plugins: [] };
  }
}

export function sha256OfFile(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** True when the manifest pins this plugin's module, version and platform and the file hashes to it. */
function isCurrent(entry: BuiltinManifestEntry | undefined, plugin: BuiltinPlugin, outDir: string): entry is BuiltinManifestEntry {
  if (entry === undefined || entry.module !== plugin.module || entry.version !== plugin.version || entry.platform !== platform) return false;
  const file = path.join(outDir, plugin.file);
  return existsSync(file) && sha256OfFile(file) === entry.sha256;
}

export function buildBuiltins(options: BuildBuiltinsOptions = {}): BuiltinBuildResult[] {
  const outDir = options.outDir ?? defaultOutDir;
  const go = options.go ?? process.env.GO ?? 'go';
  const manifest = readManifest(outDir);
  const entries = new Map(manifest.plugins.map((entry) => [entry.name, entry]));
  const problems: Record<string, string> = {};
  const results: BuiltinBuildResult[] = [];
  let goVersion: string | undefined;
  for (const plugin of options.plugins ?? BUILTIN_PLUGINS) {
    const known = entries.get(plugin.name);
    if (isCurrent(known, plugin, outDir)) {
      results.push({ name: plugin.name, outcome: 'current', file: path.join(outDir, plugin.file), sha256: known.sha256 });
      continue;
    }
    entries.delete(plugin.name); // stale or absent: whatever happens next, the old entry no longer holds
    goVersion ??= goToolchain(go);
    const built = goVersion === undefined ? { problem: GO_MISSING_LINE } : goInstall(go, plugin, outDir);
    if ('problem' in built) {
      problems[plugin.name] = built.problem;
      results.push({ name: plugin.name, outcome: 'failed', problem: built.problem });
      continue;
    }
    const entry: BuiltinManifestEntry = {
      name: plugin.name,
      type: plugin.type,
      module: plugin.module,
      version: plugin.version,
      file: plugin.file,
      sha256: built.sha256,
      goVersion: goVersion ?? '',
      platform,
    };
    entries.set(plugin.name, entry);
    results.push({ name: plugin.name, outcome: 'built', file: path.join(outDir, plugin.file), sha256: built.sha256 });
  }
  const next: BuiltinManifest = { format: 1, plugins: [...entries.values()], ...(Object.keys(problems).length > 0 ? { problems } : {}) };
  if (JSON.stringify(next) !== JSON.stringify(manifest)) writeManifest(outDir, next);
  return results;
}

/** `go version` as `go env` reports it, or undefined when there is no Go to run. */
function goToolchain(go: string): string | undefined {
  const result = spawnSync(go, ['env', 'GOVERSION'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/**
 * `go install module@version` into a fresh folder, then renamed into place (a running plugin keeps
 * its old inode). Static (CGO off) and path-trimmed, so the shipped binary needs no libc match and
 * names no build machine's folders.
 */
function goInstall(go: string, plugin: BuiltinPlugin, outDir: string): { sha256: string } | { problem: string } {
  mkdirSync(outDir, { recursive: true });
  const staging = mkdtempSync(path.join(outDir, `.tmp-${plugin.name}-`));
  try {
    const result = spawnSync(go, ['install', '-trimpath', moduleQuery(plugin)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GOBIN: staging, CGO_ENABLED: '0' },
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status !== 0) {
      const last = (result.stderr ?? '').trim().split('\n').pop() ?? '';
      return {
        problem:
          `the built-in KV plugin was not built: go install ${moduleQuery(plugin)} failed (${last || `exit ${result.status ?? result.signal}`}); ` +
          'check that the Go module proxy is reachable (or GOFLAGS=-mod=mod with a filled module cache), then run `npm run build:builtins`',
      };
    }
    const target = path.join(outDir, plugin.file);
    renameSync(path.join(staging, plugin.file), target);
    return { sha256: sha256OfFile(target) };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function writeManifest(outDir: string, manifest: BuiltinManifest): void {
  mkdirSync(outDir, { recursive: true });
  const staging = path.join(outDir, `.${MANIFEST_FILE}.${process.pid}.tmp`);
  writeFileSync(staging, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(staging, path.join(outDir, MANIFEST_FILE));
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const required = process.argv.includes('--require');
  const outDir = process.env.STRONGROOM_BUILTINS_DIR || defaultOutDir;
  for (const result of buildBuiltins({ outDir })) {
    if (result.outcome === 'failed') {
      console.error(`${required ? 'error' : 'note'}: ${result.problem}.`);
      process.exitCode = required ? 1 : 0;
    } else {
      console.log(`built-in plugin ${result.name}: ${result.outcome} (${path.relative(process.cwd(), result.file) || result.file})`);
    }
  }
}
