/**
 * Builds the native AES-256-GCM module with cargo into dist/native/strongroom_aead.node.
 * `npm install` runs this (postinstall): without cargo it explains and exits 0, because storage
 * works without the module (node:crypto, slower); `--require` (CI) makes any failure fatal.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NATIVE_MODULE_FILE } from '../aes-gcm-native';

const crateDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(crateDir, '..', '..', '..');
const targetDir = path.join(repoRoot, '.cache', 'native-aead-target');
export const nativeModulePath = path.join(repoRoot, 'dist', 'native', NATIVE_MODULE_FILE);

/** The file cargo names a cdylib on this platform. */
function libraryFile(): string {
  if (process.platform === 'win32') return 'strongroom_aead.dll';
  return process.platform === 'darwin' ? 'libstrongroom_aead.dylib' : 'libstrongroom_aead.so';
}

export function buildNativeAead(): { built: true; file: string } | { built: false; problem: string } {
  const cargo = process.env.CARGO ?? 'cargo';
  const version = spawnSync(cargo, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) {
    return { built: false, problem: `Rust's cargo was not found (install it from https://rustup.rs, then run \`npm run build:native\`)` };
  }
  const build = spawnSync(
    cargo,
    ['build', '--release', '--locked', '--quiet', '--manifest-path', path.join(crateDir, 'Cargo.toml')],
    { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, CARGO_TARGET_DIR: targetDir } },
  );
  if (build.status !== 0) return { built: false, problem: `cargo build failed (exit ${build.status ?? build.signal}); see its output above` };
  mkdirSync(path.dirname(nativeModulePath), { recursive: true });
  // Copy then rename: a running process may have the previous file mapped.
  const staging = `${nativeModulePath}.${process.pid}.tmp`;
  copyFileSync(path.join(targetDir, 'release', libraryFile()), staging);
  renameSync(staging, nativeModulePath);
  return { built: true, file: nativeModulePath };
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const result = buildNativeAead();
  if (result.built) {
    console.log(`native AES-GCM built: ${path.relative(repoRoot, result.file)} (${Date.now() - started} ms)`);
  } else {
    const required = process.argv.includes('--require');
    console.error(
      `${required ? 'error' : 'note'}: the native AES-GCM module was not built: ${result.problem}.` +
        (required ? '' : ' Strongroom still works; storage uses node:crypto, about 10× slower per value.'),
    );
    process.exitCode = required ? 1 : 0;
  }
}
