import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkSourceFolder } from '../../../../electron/core/plugins/source-folder';
import { TsPluginBuilder } from '../../../../electron/core/plugins/ts-plugin-builder';

// Development mode builds and runs whatever main.ts says, so its folder must be the user's alone:
// real folders made here with real modes, links and (as root) owners.
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'r1-source-folder-'));
function sourceFolder(parent: string, name: string): string {
  const folder = path.join(parent, name);
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  fs.chmodSync(folder, 0o700);
  fs.writeFileSync(path.join(folder, 'main.ts'), 'export {};\n', { mode: 0o644 });
  return folder;
}
const refusal = async (folder: string) => (await checkSourceFolder(folder).then(() => assert.fail(`"${folder}" was accepted`), (error: Error) => error)) as Error & { code?: string };
const asRoot = { skip: process.getuid?.() !== 0 ? 'changing owners needs root' : false };

describe('checkSourceFolder', () => {
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  test('a private folder under sticky /tmp passes, answered by its real path (links followed)', async () => {
    const folder = sourceFolder(base, 'good');
    assert.deepEqual(await checkSourceFolder(folder), { folder, mainFile: path.join(folder, 'main.ts') });
    const link = path.join(base, 'link-to-good');
    fs.symlinkSync(folder, link);
    assert.deepEqual(await checkSourceFolder(link), { folder, mainFile: path.join(folder, 'main.ts') });
    fs.chmodSync(folder, 0o755);
    assert.equal((await checkSourceFolder(folder)).folder, folder);
  });

  test('a folder or main.ts others can write is refused with the chmod that fixes it', async () => {
    const folder = sourceFolder(base, 'group-writable');
    fs.chmodSync(folder, 0o770);
    const open = await refusal(folder);
    assert.equal(open.code, 'invalid_request');
    assert.match(open.message, new RegExp(`"${folder}" can be written by other users \\(mode 0770\\).*Run \`chmod go-w "${folder}"\``));
    fs.chmodSync(folder, 0o700);
    fs.chmodSync(path.join(folder, 'main.ts'), 0o666);
    assert.match((await refusal(folder)).message, new RegExp(`"${path.join(folder, 'main.ts')}" can be written by other users \\(mode 0666\\).*chmod go-w`));
  });

  test('a parent others can write (not sticky) is refused, naming it', async () => {
    const shared = path.join(base, 'shared');
    fs.mkdirSync(shared);
    const folder = sourceFolder(shared, 'src');
    fs.chmodSync(shared, 0o777);
    const refused = await refusal(folder);
    assert.match(refused.message, new RegExp(`The folder "${shared}" above the source folder can be written by other users \\(mode 0777\\), who could rename "${folder}".*chmod go-w "${shared}"`));
    // Sticky and root's, like /tmp: nobody else can rename our folder in it.
    fs.chmodSync(shared, 0o1777);
    if (process.getuid?.() === 0) assert.equal((await checkSourceFolder(folder)).folder, folder);
  });

  test('a main.ts linking out of the folder, a missing main.ts, a file, a relative path', async () => {
    const folder = sourceFolder(base, 'escape');
    const outside = path.join(base, 'outside.ts');
    fs.writeFileSync(outside, 'export {};\n');
    fs.rmSync(path.join(folder, 'main.ts'));
    fs.symlinkSync(outside, path.join(folder, 'main.ts'));
    assert.match((await refusal(folder)).message, new RegExp(`is a link to "${outside}", outside the source folder`));
    fs.rmSync(path.join(folder, 'main.ts'));
    assert.match((await refusal(folder)).message, /has no main\.ts/);
    assert.match((await refusal(outside)).message, /is not a folder/);
    assert.match((await refusal('src')).message, /not an absolute path/);
    assert.match((await refusal(path.join(base, 'absent'))).message, /does not exist/);
  });

  test('a folder, main.ts or parent owned by another user is refused', asRoot, async () => {
    const folder = sourceFolder(base, 'theirs');
    fs.chownSync(folder, 65534, 65534);
    assert.match((await refusal(folder)).message, new RegExp(`"${folder}" belongs to uid 65534, not to the user Strongroom runs as \\(uid 0\\).*chown 0`));
    fs.chownSync(folder, 0, 0);
    fs.chownSync(path.join(folder, 'main.ts'), 65534, 65534);
    assert.match((await refusal(folder)).message, /main\.ts" belongs to uid 65534/);
    const theirParent = path.join(base, 'their-parent');
    const inside = sourceFolder(theirParent, 'src');
    fs.chownSync(theirParent, 65534, 65534);
    assert.match((await refusal(inside)).message, new RegExp(`The folder "${theirParent}" above the source folder belongs to uid 65534`));
  });

  test('the builder checks the folder again before each build and does not build a refused one', async () => {
    const folder = sourceFolder(base, 'rebuilt');
    const out = path.join(base, 'rebuilt-binary');
    fs.chmodSync(folder, 0o777);
    const builder = new TsPluginBuilder();
    try {
      const result = await builder.build(path.join(folder, 'main.ts'), out);
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.output.join('\n'), /can be written by other users \(mode 0777\)/);
      assert.equal(fs.existsSync(out), false);
    } finally {
      builder.stop();
    }
  });
});
