import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildBuiltins, defaultOutDir, readManifest, sha256OfFile } from '../../../../electron/core/builtins/build';
import { BUILTIN_PLUGINS, GO_MISSING_LINE, MANIFEST_FILE } from '../../../../electron/core/builtins/builtin-plugins';

const root = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const script = path.join(root, 'electron', 'core', 'builtins', 'build.ts');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const kv = BUILTIN_PLUGINS[0]!;
const noGo = path.join(tmpdir(), 'strongroom-no-such-dir', 'go');

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'strongroom-builtins-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function runScript(outDir: string, ...args: string[]) {
  return spawnSync(tsx, [script, ...args], { encoding: 'utf8', env: { ...process.env, GO: noGo, STRONGROOM_BUILTINS_DIR: outDir } });
}

test('without Go, the postinstall step prints one line, exits 0 and records the line in the manifest', (t) => {
  const outDir = tempDir(t);
  const result = runScript(outDir);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, `note: ${GO_MISSING_LINE}.\n`);
  assert.equal(result.stdout, '');
  assert.deepEqual(readManifest(outDir), { format: 1, plugins: [], problems: { kv: GO_MISSING_LINE } });
});

test('without Go, --require (npm run build, build:builtins) fails', (t) => {
  const result = runScript(tempDir(t), '--require');
  assert.equal(result.status, 1);
  assert.equal(result.stderr, `error: ${GO_MISSING_LINE}.\n`);
});

test('a build writes the binary and a manifest whose sha256 matches it; a current build runs no Go and writes nothing', (t) => {
  const outDir = tempDir(t);
  const [built] = buildBuiltins({ outDir });
  assert.equal(built?.outcome, 'built', JSON.stringify(built));
  const file = path.join(outDir, kv.file);
  const manifest = readManifest(outDir);
  assert.equal(manifest.plugins.length, 1);
  const entry = manifest.plugins[0]!;
  assert.deepEqual(
    { name: entry.name, type: entry.type, module: entry.module, version: entry.version, file: entry.file },
    { name: 'kv', type: 'secret', module: kv.module, version: 'v0.25.0', file: kv.file },
  );
  assert.equal(entry.sha256, sha256OfFile(file));
  assert.equal(statSync(file).mode & 0o111, 0o111);

  const written = statSync(path.join(outDir, MANIFEST_FILE)).mtimeMs;
  // A Go that does not exist proves the second run never needed one.
  assert.deepEqual(buildBuiltins({ outDir, go: noGo }), [{ name: 'kv', outcome: 'current', file, sha256: entry.sha256 }]);
  assert.equal(statSync(path.join(outDir, MANIFEST_FILE)).mtimeMs, written);

  // A file that no longer hashes to the manifest is not current: it is rebuilt (here: cannot be).
  writeFileSync(file, 'replaced');
  const [stale] = buildBuiltins({ outDir, go: noGo });
  assert.equal(stale?.outcome, 'failed');
  assert.deepEqual(readManifest(outDir).plugins, []);
});

test('a manifest pinning another version is stale', (t) => {
  const outDir = tempDir(t);
  const current = readManifest(defaultOutDir).plugins.find((p) => p.name === 'kv');
  if (current === undefined) return t.skip('dist/builtins is not built');
  copyFileSync(path.join(defaultOutDir, kv.file), path.join(outDir, kv.file));
  writeFileSync(path.join(outDir, MANIFEST_FILE), JSON.stringify({ format: 1, plugins: [{ ...current, version: 'v0.24.0' }] }));
  const [result] = buildBuiltins({ outDir, go: noGo });
  assert.deepEqual(result, { name: 'kv', outcome: 'failed', problem: GO_MISSING_LINE });
  assert.ok(readFileSync(path.join(outDir, MANIFEST_FILE), 'utf8').includes('"problems"'));
});
