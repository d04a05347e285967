/**
 * The built-ins as catalog entries, read from the manifest the build left in the builtins folder.
 * A built-in the build did not make is still listed, with the line the build printed (`unavailable`),
 * so the catalog and the Plugins page say why it is missing where it would be.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_LIMITS, type BuiltinCatalogEntry } from '../../../plugin-host';
import { BUILTIN_PLUGINS, MANIFEST_FILE, NOT_BUILT_LINE, type BuiltinManifest, type BuiltinPlugin } from './builtin-plugins';

/** The catalog version of a built-in: the pinned module version with Vault's `+builtin` metadata. */
export function builtinVersion(plugin: BuiltinPlugin): string {
  return `${plugin.version}+builtin`;
}

function readManifest(directory: string): BuiltinManifest | undefined {
  try {
    return JSON.parse(readFileSync(path.join(directory, MANIFEST_FILE), 'utf8')) as BuiltinManifest;
  } catch {
    return undefined;
  }
}

export function loadBuiltinCatalog(directory: string, plugins: readonly BuiltinPlugin[] = BUILTIN_PLUGINS): BuiltinCatalogEntry[] {
  const manifest = readManifest(directory);
  return plugins.map((plugin) => {
    const built = manifest?.plugins.find((entry) => entry.name === plugin.name && entry.module === plugin.module && entry.version === plugin.version);
    const file = path.join(directory, plugin.file);
    const unavailable = built !== undefined && existsSync(file) ? undefined : (manifest?.problems?.[plugin.name] ?? NOT_BUILT_LINE);
    return {
      file,
      entry: {
        type: plugin.type,
        name: plugin.name,
        version: builtinVersion(plugin),
        command: plugin.file,
        args: [],
        env: {},
        sha256: built?.sha256 ?? '',
        ...DEFAULT_LIMITS,
        builtin: true,
        ...(unavailable === undefined ? {} : { unavailable }),
      },
    };
  });
}
