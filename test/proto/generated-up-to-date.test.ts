// The committed code in plugin-host/gen and in the SDK's own copy sdk/gen must be exactly what
// proto/generate.ts produces from the .proto files, so a changed .proto or generator without
// `npm run proto` fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const generatedDirs = ['plugin-host/gen', 'sdk/gen'];

/** Paths of all files under `dir`, relative to it, sorted. */
function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const relative = path.join(prefix, entry.name);
      return entry.isDirectory() ? listFiles(dir, relative) : [relative];
    })
    .sort();
}

test('plugin-host/gen and sdk/gen match a fresh `npm run proto` byte for byte', (t) => {
  const outBase = mkdtempSync(path.join(tmpdir(), 'strongroom-proto-'));
  t.after(() => rmSync(outBase, { recursive: true, force: true }));

  execFileSync(process.execPath, ['--import', 'tsx', 'proto/generate.ts', '--out-base', outBase], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (const dir of generatedDirs) {
    const committedDir = path.join(repoRoot, dir);
    const freshDir = path.join(outBase, dir);
    const fresh = listFiles(freshDir);
    assert.ok(fresh.includes(path.join('pb', 'backend.ts')), `generation produced no ${dir}/pb/backend.ts`);
    assert.deepEqual(listFiles(committedDir), fresh, `${dir}: generated file list differs: run \`npm run proto\``);
    for (const file of fresh) {
      const same = readFileSync(path.join(committedDir, file)).equals(readFileSync(path.join(freshDir, file)));
      assert.ok(same, `${dir}/${file} is stale: run \`npm run proto\` and commit the result`);
    }
  }
});
