import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, readdir, rename, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, describe, test } from 'node:test';
import { KeptBinaries, PluginCatalog } from '../../../plugin-host/catalog/catalog';
import { repin, setDevelopment, undoRepin } from '../../../plugin-host/catalog/catalog-pins';
import { isHostError } from '../../../plugin-host/errors';

// The store of kept copies on real files: modes, ownership, holds against pruning, and the
// error paths that keep a copy then refuse. (The race is made deterministic: a prune runs
// between keep() and the pin that names the copy, as a `remove` could.)
const ONE = '#!/bin/sh\necho one\n';
const TWO = '#!/bin/sh\necho two\n';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const mode = async (path: string) => (await stat(path)).mode & 0o7777;
const asRoot = { skip: process.getuid?.() !== 0 ? 'changing owners needs root' : false };

let root = '';
let runs = 0;
let pluginDir = '';
let keptDir = '';
let kept: KeptBinaries;
let catalog: PluginCatalog;

beforeEach(async () => {
  root ||= await mkdtemp(join(tmpdir(), 'r1-kept-'));
  runs += 1;
  pluginDir = join(root, `plugins${runs}`);
  keptDir = join(root, `kept${runs}`);
  await mkdir(pluginDir, { recursive: true });
  await writeFile(join(pluginDir, 'p'), ONE, { mode: 0o755 });
  kept = new KeptBinaries(keptDir);
  catalog = new PluginCatalog({ pluginDirectory: pluginDir, kept });
});
after(() => rm(root, { recursive: true, force: true }));

async function rebuild(text: string): Promise<void> {
  await writeFile(join(pluginDir, 'p.tmp'), text, { mode: 0o755 });
  await rename(join(pluginDir, 'p.tmp'), join(pluginDir, 'p'));
}

describe('kept binaries', () => {
  test('copies are 0555 in a 0700 folder (made so again at every keep); keeping again and pruning still work', async () => {
    const first = await kept.keep(join(pluginDir, 'p'));
    assert.equal(await mode(first.path), 0o555);
    assert.equal(await mode(keptDir), 0o700);
    await chmod(keptDir, 0o755);
    const again = await kept.keep(join(pluginDir, 'p'));
    assert.equal(again.path, first.path);
    assert.equal(await mode(again.path), 0o555);
    assert.equal(await mode(keptDir), 0o700, 'chmod 0700 at every keep');
    kept.release(first.sha256);
    kept.release(again.sha256);
    await kept.prune(new Set());
    assert.deepEqual(await readdir(keptDir), []);
  });

  test('a folder owned by someone else is refused, saying what to do', asRoot, async () => {
    await mkdir(keptDir, { mode: 0o700 });
    await chown(keptDir, 65534, 65534);
    await assert.rejects(kept.keep(join(pluginDir, 'p')), (error: Error) => /"[^"]+" is owned by uid 65534, not by the user Strongroom runs as \(uid 0\)\. Remove it .*or give it back/.test(error.message));
  });

  test('has() checks the recorded size, holdsIntact() hashes without one', async () => {
    const copy = await kept.keep(join(pluginDir, 'p'));
    assert.equal(kept.has(copy.sha256, ONE.length), true);
    assert.equal(await kept.holdsIntact(copy.sha256), true);
    await chmod(copy.path, 0o755);
    await writeFile(copy.path, ONE.replace('one', 'eno'));
    assert.equal(kept.has(copy.sha256, ONE.length), true, 'same size: only the hash tells');
    assert.equal(await kept.holdsIntact(copy.sha256), false);
    await truncate(copy.path, 3);
    assert.equal(kept.has(copy.sha256, ONE.length), false);
    assert.equal(kept.has(copy.sha256), true, 'without a size only presence is checked');
  });

  test('a copy kept but not yet pinned survives a prune until released; then it goes', async () => {
    const copy = await kept.keep(join(pluginDir, 'p'));
    await catalog.pruneKept();
    assert.deepEqual(await readdir(keptDir), [copy.sha256]);
    kept.release(copy.sha256);
    await catalog.pruneKept();
    assert.deepEqual(await readdir(keptDir), []);
  });

  test("development mode's keep → (a remove prunes) → repin: the new copy is still there to run", async () => {
    await catalog.register({ type: 'secret', name: 'p', command: 'p' });
    await catalog.register({ type: 'secret', name: 'other', command: 'p' });
    await rebuild(TWO);
    const copy = await kept.keep(join(pluginDir, 'p'));
    assert.equal(catalog.remove('secret', 'other'), true);
    await catalog.pruneKept();
    const { entry } = await repin(catalog, { type: 'secret', name: 'p' }, undefined, copy);
    assert.deepEqual((await readdir(keptDir)).sort(), [sha(ONE), sha(TWO)].sort());
    assert.equal(kept.has(entry.sha256, entry.pinnedFile?.bytes), true);
    const dev = await setDevelopment(catalog, { type: 'secret', name: 'p' }, true);
    assert.equal(await catalog.verifyForStart(dev), copy.path);
  });

  test('register with a wrong sha256 leaves no copy behind', async () => {
    await assert.rejects(catalog.register({ type: 'secret', name: 'p', command: 'p', sha256: sha(TWO) }), (error: unknown) => isHostError(error) && error.code === 'sha256_mismatch');
    assert.deepEqual(await readdir(keptDir), []);
  });

  test('repin refused as changed again leaves only the copies entries pin', async () => {
    await catalog.register({ type: 'secret', name: 'p', command: 'p' });
    await rebuild(TWO);
    await assert.rejects(repin(catalog, { type: 'secret', name: 'p' }, sha(ONE)), (error: unknown) => isHostError(error) && error.code === 'sha256_mismatch');
    assert.deepEqual(await readdir(keptDir), [sha(ONE)]);
  });

  test('undo refuses a kept copy whose size is no longer the pinned one', async () => {
    await catalog.register({ type: 'secret', name: 'p', command: 'p' });
    await rebuild(TWO);
    const { undoToken } = await repin(catalog, { type: 'secret', name: 'p' });
    await chmod(kept.pathOf(sha(ONE)), 0o755);
    await truncate(kept.pathOf(sha(ONE)), 3);
    await assert.rejects(undoRepin(catalog, { type: 'secret', name: 'p' }, undoToken), (error: unknown) => isHostError(error) && error.code === 'plugin_binary_missing');
    // And a start from a copy cut short says so before hashing it.
    const dev = await setDevelopment(catalog, { type: 'secret', name: 'p' }, true);
    await chmod(kept.pathOf(dev.sha256), 0o755);
    await truncate(kept.pathOf(dev.sha256), 3);
    await assert.rejects(catalog.verifyForStart(dev), (error: unknown) => isHostError(error) && error.code === 'plugin_binary_missing' && /is gone or no longer its pinned size/.test(error.message));
  });
});
