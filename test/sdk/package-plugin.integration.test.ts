// Packaging a TS plugin: one executable file with a node shebang, the same bytes (and sha256) for
// the same source, runnable wherever it is placed (CommonJS or `"type": "module"` scope).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { packagePlugin, sha256File } from '../../sdk/package-plugin';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const entry = path.join(repo, 'examples/ts/hello/main.ts');
const work = await mkdtemp(path.join(tmpdir(), 'sdk-package-'));
after(() => rm(work, { recursive: true, force: true }));

/** Runs the file by hand (no magic cookie): it must print the notice on stderr and exit 1. */
async function runByHand(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(file, [], { env: { PATH: process.env['PATH'] ?? '' } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('package-plugin', () => {
  it('same source → same bytes and sha256, built in different folders', async () => {
    const first = await packagePlugin(entry, path.join(work, 'a', 'plugin'));
    const second = await packagePlugin(entry, path.join(work, 'b', 'plugin'));
    assert.equal(first.sha256, second.sha256);
    assert.equal(await sha256File(first.file), first.sha256);
    assert.deepEqual(await readFile(first.file), await readFile(second.file));
  });

  it('is one executable file with a node shebang, mode 755', async () => {
    const built = await packagePlugin(entry, path.join(work, 'c', 'plugin'));
    assert.equal((await stat(built.file)).mode & 0o777, 0o755);
    assert.match((await readFile(built.file, 'utf8')).split('\n')[0] ?? '', /^#!\/usr\/bin\/env node$/);
  });

  for (const scope of ['commonjs', 'module']) {
    it(`run by hand in a "type": "${scope}" folder: notice on stderr, nothing on stdout, exit 1`, async () => {
      const dir = path.join(work, scope);
      const built = await packagePlugin(entry, path.join(dir, 'plugin'));
      await writeFile(path.join(dir, 'package.json'), JSON.stringify({ type: scope }));
      const run = await runByHand(built.file);
      assert.equal(run.code, 1);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /not meant to be run directly/);
    });
  }
});
