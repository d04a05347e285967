import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createRequire } from 'node:module';

// electron-builder's own loader and schema validation, so the config stays valid even though
// packaging itself cannot run here (no Electron binary).
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(dir: string, file: string | null, extra: unknown): Promise<Record<string, unknown>>;
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new () => unknown };
const root = path.resolve(import.meta.dirname, '..', '..');

test('electron-builder.yml passes electron-builder schema validation', async () => {
  const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
  await validateConfiguration(config, new DebugLogger());
  const targets = (key: string) => (config[key] as { target: string[] }).target;
  assert.deepEqual(targets('linux'), ['AppImage', 'deb']);
  assert.deepEqual(targets('mac'), ['dmg']);
  assert.deepEqual(targets('win'), ['nsis']);
  assert.equal(config.npmRebuild, true);
  // Native modules cannot be loaded, nor the built-in plugins executed, from inside the asar archive.
  assert.deepEqual(config.asarUnpack, ['**/node_modules/better-sqlite3/**', 'dist/native/**', 'dist/builtins/**']);
  // …and the built-ins are packed at all: dist/** is in, and nothing excludes them.
  const files = (config.files as Array<{ filter: string[] }>).flatMap((set) => set.filter);
  assert.ok(files.includes('dist/**'));
  assert.ok(!files.some((pattern) => pattern.startsWith('!') && /builtins|dist\/\*\*$/.test(pattern)), JSON.stringify(files));
});

test('a broken config is rejected by the same validation', async () => {
  const config = await getConfig(root, null, { linux: { nonsense: 1 } });
  await assert.rejects(validateConfiguration(config, new DebugLogger()));
});
