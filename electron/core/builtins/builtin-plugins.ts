/**
 * The plugins Strongroom ships built in, as Vault ships its engines: HashiCorp's own KV engine,
 * pinned, built from its Go module by `npm install` / `npm run build` (`build.ts`) into
 * dist/builtins with a manifest beside it. The catalog lists each as built-in
 * (`builtin-catalog.ts`); the file is still hashed against the manifest before every start.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface BuiltinPlugin {
  /** The catalog name mounts use (`secrets enable kv`). */
  readonly name: string;
  readonly type: 'secret';
  /** Go module path (the package that is the plugin's main). */
  readonly module: string;
  /** The pinned module version; the catalog lists it as `<version>+builtin`, as Vault does. */
  readonly version: string;
  /** File name of the binary in the builtins folder. */
  readonly file: string;
}

export const BUILTIN_PLUGINS: readonly BuiltinPlugin[] = [
  {
    name: 'kv',
    type: 'secret',
    module: 'github.com/hashicorp/vault-plugin-secrets-kv/cmd/vault-plugin-secrets-kv',
    version: 'v0.25.0',
    file: 'vault-plugin-secrets-kv',
  },
];

/** `go install` argument of a built-in: `module@version`. */
export function moduleQuery(plugin: BuiltinPlugin): string {
  return `${plugin.module}@${plugin.version}`;
}

export const MANIFEST_FILE = 'manifest.json';

/** What the build leaves beside the binaries: one entry per built plugin. */
export interface BuiltinManifest {
  readonly format: 1;
  readonly plugins: readonly BuiltinManifestEntry[];
  /** Built-ins the last build could not make, by name: the line it printed (a missing Go, say). */
  readonly problems?: Readonly<Record<string, string>>;
}

export interface BuiltinManifestEntry {
  readonly name: string;
  readonly type: 'secret';
  readonly module: string;
  readonly version: string;
  readonly file: string;
  /** Lower-case hex of the binary. */
  readonly sha256: string;
  /** `go env GOVERSION GOOS/GOARCH` of the build, for the reader's information. */
  readonly goVersion: string;
  readonly platform: string;
}

/** The one line `npm install` prints, and the catalog and the UI repeat, when Go was missing. */
export const GO_MISSING_LINE =
  'the built-in KV plugin was not built because Go was not found: install Go 1.25 or newer (https://go.dev/dl), then run `npm run build:builtins`';

/** What the catalog says of a built-in with no build and no recorded reason. */
export const NOT_BUILT_LINE = 'the built-in KV plugin is not built: run `npm run build:builtins` (it needs Go 1.25 or newer)';

/**
 * Where the built-ins are: from this file in the source tree, and from the bundled main process
 * (dist/electron/main.mjs). In a packaged app they are unpacked beside the asar (electron-builder's
 * `asarUnpack`), since a program inside the archive cannot be executed.
 */
const CANDIDATES = [
  new URL('../../../dist/builtins', import.meta.url), // electron/core/builtins/*.ts
  new URL('../builtins', import.meta.url), // dist/electron/main.mjs
].map((url) => unpackedPath(fileURLToPath(url)));

export function unpackedPath(file: string): string {
  return file.replace(/([/\\])app\.asar([/\\])/, '$1app.asar.unpacked$2');
}

/** The builtins folder in use: `STRONGROOM_BUILTINS_DIR`, else the first candidate with a manifest, else the first. */
export function defaultBuiltinsDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.STRONGROOM_BUILTINS_DIR !== undefined && env.STRONGROOM_BUILTINS_DIR !== '') return env.STRONGROOM_BUILTINS_DIR;
  return CANDIDATES.find((dir) => existsSync(`${dir}/${MANIFEST_FILE}`)) ?? (CANDIDATES[0] as string);
}
