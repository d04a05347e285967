import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, describe, test } from 'node:test';
import { KeptBinaries, PluginCatalog } from '../../../plugin-host/catalog/catalog';
import { PinChangedMeanwhile, repin, repinPreview, setDevelopment, undoRepin } from '../../../plugin-host/catalog/catalog-pins';
import { isHostError } from '../../../plugin-host/errors';

// Kept copies, re-pins and development mode on the catalog alone, with real files.
const ONE = '#!/bin/sh\necho one\n';
const TWO = '#!/bin/sh\necho two\n';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

let root = '';
let pluginDir = '';
let keptDir = '';
let catalog: PluginCatalog;
let runs = 0;

beforeEach(async () => {
  root ||= await mkdtemp(join(tmpdir(), 'sr-pins-'));
  runs += 1;
  pluginDir = join(root, `plugins${runs}`);
  keptDir = join(root, `kept${runs}`);
  await mkdir(pluginDir, { recursive: true });
  await writeFile(join(pluginDir, 'p'), ONE, { mode: 0o755 });
  catalog = new PluginCatalog({ pluginDirectory: pluginDir, kept: new KeptBinaries(keptDir) });
});
after(() => rm(root, { recursive: true, force: true }));

/** A rebuild: a new file renamed over the old one. */
async function rebuild(text: string): Promise<void> {
  await writeFile(join(pluginDir, 'p.tmp'), text, { mode: 0o755 });
  await rename(join(pluginDir, 'p.tmp'), join(pluginDir, 'p'));
}

describe('kept copies and re-pins', () => {
  test('register keeps a copy named by its sha256; a replaced file is refused, its copy is not what starts', async () => {
    const entry = await catalog.register({ type: 'secret', name: 'p', command: 'p' });
    assert.deepEqual(await readdir(keptDir), [sha(ONE)]);
    await rebuild(TWO);
    await assert.rejects(catalog.verifyForStart(entry), (error: unknown) => isHostError(error) && error.code === 'sha256_mismatch');
  });

  test('preview → re-pin → undo (from the kept copy) → undo again (forward); copies no entry needs are pruned', async () => {
    await catalog.register({ type: 'secret', name: 'p', command: 'p' });
    await rebuild(TWO);
    const preview = await repinPreview(catalog, { type: 'secret', name: 'p' });
    assert.deepEqual([preview.changed, preview.pinned.sha256, preview.current?.sha256, preview.current?.bytes], [true, sha(ONE), sha(TWO), TWO.length]);

    const { entry, undoToken } = await repin(catalog, { type: 'secret', name: 'p' }, sha(TWO));
    assert.equal(entry.sha256, sha(TWO));
    assert.equal(entry.runsFromKeptCopy, undefined, 'the file is the pin: it runs from the plugin directory');
    assert.equal(await catalog.verifyForStart(entry), join(pluginDir, 'p'));

    const undone = await undoRepin(catalog, { type: 'secret', name: 'p' }, undoToken);
    assert.equal(undone.sha256, sha(ONE));
    assert.equal(undone.runsFromKeptCopy, true);
    assert.equal(await catalog.verifyForStart(undone), join(keptDir, sha(ONE)), 'the previous bytes start from their copy');

    const redone = await undoRepin(catalog, { type: 'secret', name: 'p' }, undone.previousPin?.undoToken ?? '');
    assert.equal(redone.sha256, sha(TWO));
    assert.equal(redone.runsFromKeptCopy, undefined);

    await rebuild('#!/bin/sh\necho three\n');
    await repin(catalog, { type: 'secret', name: 'p' });
    // Kept: the pin (three) and the one it can go back to (two); one is pruned.
    assert.deepEqual((await readdir(keptDir)).sort(), [sha('#!/bin/sh\necho three\n'), sha(TWO)].sort());
  });

  test('development mode runs from the copy, so a rebuild does not change what starts until re-pinned', async () => {
    await catalog.register({ type: 'secret', name: 'p', command: 'p' });
    const on = await setDevelopment(catalog, { type: 'secret', name: 'p' }, true);
    assert.deepEqual([on.development, on.runsFromKeptCopy], [{}, true]);
    await rebuild(TWO);
    assert.equal(await catalog.verifyForStart(on), join(keptDir, sha(ONE)));
    // Off while the file differs from the pin: it keeps running the pinned bytes (nothing changes silently).
    const off = await setDevelopment(catalog, { type: 'secret', name: 'p' }, false);
    assert.deepEqual([off.development, off.runsFromKeptCopy], [undefined, true]);
    // A missing copy says to re-pin.
    await rm(join(keptDir, sha(ONE)));
    await assert.rejects(catalog.verifyForStart(off), (error: unknown) => isHostError(error) && error.code === 'plugin_binary_missing' && /Re-pin the plugin/.test(error.message));
  });

  test("development mode's re-pin pins nothing when the entry left development mode or was re-pinned while the rebuild ran", async () => {
    const ref = { type: 'secret' as const, name: 'p' };
    await catalog.register({ type: 'secret', name: 'p', command: 'p' });
    await setDevelopment(catalog, ref, true);
    await rebuild(TWO);
    // What the reloader holds after its build and hash: a kept copy of the new bytes…
    const kept = await catalog.kept!.keep(join(pluginDir, 'p'));
    // …while the user turns development mode off.
    await setDevelopment(catalog, ref, false);
    await assert.rejects(repin(catalog, ref, undefined, kept, { fromSha256: sha(ONE) }), PinChangedMeanwhile);
    const after = catalog.get('secret', 'p')!;
    assert.deepEqual([after.sha256, after.development, after.runsFromKeptCopy], [sha(ONE), undefined, true], 'the old bytes still pinned and started');
    assert.equal(await catalog.verifyForStart(after), join(keptDir, sha(ONE)));

    // Back on, but re-pinned by hand meanwhile: the rebuild started from the old pin is not pinned either.
    await setDevelopment(catalog, ref, true);
    await repin(catalog, ref, sha(TWO));
    await assert.rejects(repin(catalog, ref, undefined, kept, { fromSha256: sha(ONE) }), PinChangedMeanwhile);
    assert.equal(catalog.get('secret', 'p')!.sha256, sha(TWO));
    // Still in development mode with the pin it started from: it pins.
    const { entry } = await repin(catalog, ref, undefined, kept, { fromSha256: sha(TWO) });
    assert.equal(entry.sha256, sha(TWO));
  });
});
