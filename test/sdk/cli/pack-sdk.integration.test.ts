// `npm run sdk:pack`: the tarball is the package a registry would get. It must be self-contained
// (nothing imports outside it), carry its generated code and the shared wire modules, and leave
// the checkout tooling behind.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { packSdk } from '../../../sdk/cli/pack-sdk';

const run = promisify(execFile);
const work = await mkdtemp(path.join(tmpdir(), 'sdk-pack-'));
after(() => rm(work, { recursive: true, force: true }));
const unpacked = path.join(work, 'package');

/** Every file under `dir`, relative to it. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

describe('sdk pack', () => {
  let tarball = '';
  before(async () => {
    tarball = await packSdk(work);
    await run('tar', ['xzf', tarball, '-C', work]);
  });

  it('is named for the package and version in sdk/package.json', async () => {
    const manifest = JSON.parse(await readFile(path.join(unpacked, 'package.json'), 'utf8')) as { name: string; version: string };
    assert.equal(manifest.name, '@strongroom/plugin-sdk');
    assert.equal(path.basename(tarball), `strongroom-plugin-sdk-${manifest.version}.tgz`);
  });

  it('carries the front door, its generated code and the shared wire modules, not the checkout tooling', async () => {
    const files = await listFiles(unpacked);
    for (const file of ['index.ts', 'package-plugin.ts', 'gen/pb/backend.ts', 'proto/wire/duration.ts', 'proto/wire/go-time.ts', 'proto/automtls/certificate.ts']) {
      assert.ok(files.includes(file), `${file} is missing from the tarball`);
    }
    assert.deepEqual(files.filter((file) => file.startsWith('cli')), []);
  });

  it('imports nothing from outside the package', async () => {
    const outside: string[] = [];
    for (const file of (await listFiles(unpacked)).filter((name) => name.endsWith('.ts'))) {
      const source = await readFile(path.join(unpacked, file), 'utf8');
      for (const [, specifier] of source.matchAll(/from ['"](\.[^'"]*)['"]/g)) {
        const target = path.resolve(path.dirname(path.join(unpacked, file)), specifier ?? '');
        if (!target.startsWith(unpacked + path.sep)) outside.push(`${file}: ${specifier}`);
      }
    }
    assert.deepEqual(outside, []);
  });
});
