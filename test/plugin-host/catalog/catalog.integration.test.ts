import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { InMemoryCatalogStore, PluginCatalog } from '../../../plugin-host/catalog/catalog';
import type { CatalogEntry } from '../../../plugin-host/catalog/catalog';
import { isHostError } from '../../../plugin-host/errors';
import type { HostErrorCode } from '../../../plugin-host/errors';
import { writeShellTextFile, writeWrongArchBinary } from '../../fixtures/plugins/foreign-files';

const BINARY = '#!/bin/sh\necho "I am a plugin"\n';
const BINARY_SHA = createHash('sha256').update(BINARY).digest('hex');

let root = '';
let pluginDir = '';
let outside = '';
let catalog: PluginCatalog;
let runs = 0;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'sr-catalog-'));
});
after(() => rm(root, { recursive: true, force: true }));

beforeEach(async () => {
  runs += 1;
  pluginDir = join(root, `plugins${runs}`);
  outside = join(root, `outside${runs}`);
  await mkdir(join(pluginDir, 'sub'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(pluginDir, 'kv'), BINARY, { mode: 0o755 });
  await writeFile(join(pluginDir, 'sub', 'nested'), BINARY, { mode: 0o755 });
  await writeFile(join(outside, 'evil'), BINARY, { mode: 0o755 });
  catalog = new PluginCatalog({ pluginDirectory: pluginDir });
});

async function rejectsWith(promise: Promise<unknown>, code: HostErrorCode, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isHostError(error), String(error));
    assert.equal(error.code, code, error.message);
    assert.match(error.message, message);
    return true;
  });
}

describe('register', () => {
  test('computes the sha256 when none is given', async () => {
    const entry = await catalog.register({ type: 'secret', name: 'kv', command: 'kv' });
    assert.deepEqual(entry, {
      type: 'secret',
      name: 'kv',
      version: '',
      command: 'kv',
      args: [],
      env: {},
      sha256: BINARY_SHA,
      memoryLimitMiB: 1024,
      startTimeoutSeconds: 30,
      // What the file was when pinned (a re-pin preview compares against it).
      pinnedFile: { bytes: Buffer.byteLength(BINARY), modifiedAt: (await stat(join(pluginDir, 'kv'))).mtime.toISOString() },
    });
    assert.deepEqual(catalog.list(), [entry]);
  });

  test('accepts a given sha256 in any case', async () => {
    const entry = await catalog.register({ type: 'secret', name: 'kv', command: 'kv', version: '1.0.0', sha256: BINARY_SHA.toUpperCase() });
    assert.equal(entry.sha256, BINARY_SHA);
    assert.equal(entry.version, 'v1.0.0');
  });

  test('refuses a sha256 that does not match, naming both values', async () => {
    const wrong = 'b'.repeat(64);
    await rejectsWith(
      catalog.register({ type: 'secret', name: 'kv', command: 'kv', sha256: wrong }),
      'sha256_mismatch',
      new RegExp(`is ${wrong}, but ".*kv" hashes to ${BINARY_SHA}.*re-register the plugin with the new sha256`),
    );
    assert.deepEqual(catalog.list(), []);
  });

  test('accepts a command in a subdirectory', async () => {
    const entry = await catalog.register({ type: 'auth', name: 'nested', command: 'sub/nested' });
    assert.equal(await catalog.verifyForStart(entry), join(pluginDir, 'sub', 'nested'));
  });

  test('accepts a symlink whose target stays inside the plugin directory', async () => {
    await symlink(join(pluginDir, 'kv'), join(pluginDir, 'kv-link'));
    const entry = await catalog.register({ type: 'secret', name: 'kv-link', command: 'kv-link' });
    assert.equal(await catalog.verifyForStart(entry), join(pluginDir, 'kv'));
  });

  test('accepts a plugin directory that is itself reached through a symlink', async () => {
    const linkedDir = join(root, `linked${runs}`);
    await symlink(pluginDir, linkedDir);
    const linked = new PluginCatalog({ pluginDirectory: linkedDir });
    const entry = await linked.register({ type: 'secret', name: 'kv', command: 'kv' });
    assert.equal(await linked.verifyForStart(entry), join(pluginDir, 'kv'));
  });

  const refused: Array<{ name: string; setup?: () => Promise<void>; command: () => string; code: HostErrorCode; message: () => RegExp }> = [
    { name: 'an absolute command', command: () => join(outside, 'evil'), code: 'command_outside_plugin_dir', message: () => /is an absolute path/ },
    { name: 'a command with ..', command: () => `../outside${runs}/evil`, code: 'command_outside_plugin_dir', message: () => /contains "\.\."/ },
    { name: 'a hidden .. segment', command: () => 'sub/../kv', code: 'command_outside_plugin_dir', message: () => /contains "\.\."/ },
    {
      name: 'a symlink escaping the plugin directory',
      setup: () => symlink(join(outside, 'evil'), join(pluginDir, 'escape')),
      command: () => 'escape',
      code: 'command_outside_plugin_dir',
      message: () => new RegExp(`resolves to "${outside}/evil", outside the plugin directory`),
    },
    {
      name: 'a directory symlink escaping the plugin directory',
      setup: () => symlink(outside, join(pluginDir, 'outlink')),
      command: () => 'outlink/evil',
      code: 'command_outside_plugin_dir',
      message: () => /outside the plugin directory/,
    },
    { name: 'a missing file', command: () => 'nope', code: 'plugin_binary_missing', message: () => new RegExp(`"${pluginDir}/nope" does not exist`) },
    {
      name: 'a dangling symlink',
      setup: () => symlink(join(pluginDir, 'gone'), join(pluginDir, 'dangling')),
      command: () => 'dangling',
      code: 'plugin_binary_missing',
      message: () => /dangling" does not exist/,
    },
    {
      name: 'a file that is not executable',
      setup: () => writeFile(join(pluginDir, 'plain'), BINARY, { mode: 0o644 }),
      command: () => 'plain',
      code: 'plugin_binary_not_executable',
      message: () => new RegExp(`"${pluginDir}/plain" is not executable by this user`),
    },
    { name: 'a directory', command: () => 'sub', code: 'plugin_binary_not_executable', message: () => /is not a regular file/ },
    {
      name: 'an executable text file without #!',
      setup: () => writeShellTextFile(join(pluginDir, 'text'), join(root, 'never-created')),
      command: () => 'text',
      code: 'plugin_binary_wrong_format',
      message: () => /"[^"]*text" is not a program this machine can start: It is a text file without a "#!" first line/,
    },
    {
      name: 'a binary built for another architecture',
      setup: () => writeWrongArchBinary(join(pluginDir, 'foreign')),
      command: () => 'foreign',
      code: 'plugin_binary_wrong_format',
      message: () => /It is built for (arm64|amd64) \(ELF (aarch64|x86-64) 64-bit\); this machine is Linux .*: rebuild it with GOARCH=/,
    },
  ];
  for (const { name, setup, command, code, message } of refused) {
    test(`refuses ${name}`, async () => {
      await setup?.();
      await rejectsWith(catalog.register({ type: 'secret', name: 'x', command: command() }), code, message());
    });
  }

  test('refuses everything when the plugin directory does not exist', async () => {
    const missingDir = new PluginCatalog({ pluginDirectory: join(root, 'never-created') });
    await rejectsWith(missingDir.register({ type: 'secret', name: 'kv', command: 'kv' }), 'plugin_binary_missing', /plugin directory ".*never-created" cannot be read/);
  });
});

describe('verifyForStart: re-checked before every start', () => {
  let entry: CatalogEntry;
  beforeEach(async () => {
    entry = await catalog.register({ type: 'secret', name: 'kv', command: 'kv' });
  });

  test('returns the absolute path of an unchanged binary', async () => {
    assert.equal(await catalog.verifyForStart(entry), join(pluginDir, 'kv'));
  });

  test('refuses a binary replaced after registration', async () => {
    await writeFile(join(pluginDir, 'kv'), `${BINARY}# patched\n`);
    await rejectsWith(
      catalog.verifyForStart(entry),
      'sha256_mismatch',
      new RegExp(`replaced after registration: the catalog pins sha256 ${BINARY_SHA}, the file now hashes to [0-9a-f]{64}\\. Re-register`),
    );
  });

  test('refuses a binary that lost its exec bit', async () => {
    await chmod(join(pluginDir, 'kv'), 0o644);
    await rejectsWith(catalog.verifyForStart(entry), 'plugin_binary_not_executable', /kv" is not executable/);
  });

  test('refuses a binary that was deleted', async () => {
    await unlink(join(pluginDir, 'kv'));
    await rejectsWith(catalog.verifyForStart(entry), 'plugin_binary_missing', /kv" does not exist/);
  });

  test('refuses a binary swapped for a symlink that escapes, even with the same content', async () => {
    await unlink(join(pluginDir, 'kv'));
    await symlink(join(outside, 'evil'), join(pluginDir, 'kv'));
    await rejectsWith(catalog.verifyForStart(entry), 'command_outside_plugin_dir', /outside the plugin directory/);
  });

  test('refuses a binary swapped for a text file, before its hash is even compared', async () => {
    await writeShellTextFile(join(pluginDir, 'kv'), join(root, 'never-created'));
    await rejectsWith(catalog.verifyForStart(entry), 'plugin_binary_wrong_format', /text file without a "#!" first line/);
  });

  test('refuses an entry stored earlier for a file of another architecture, though its sha256 matches', async () => {
    await writeWrongArchBinary(join(pluginDir, 'foreign'));
    const sha256 = createHash('sha256').update(await readFile(join(pluginDir, 'foreign'))).digest('hex');
    await rejectsWith(catalog.verifyForStart({ ...entry, command: 'foreign', sha256 }), 'plugin_binary_wrong_format', /rebuild it with GOARCH=/);
  });

  test('refuses an entry whose command was edited in the store to leave the directory', async () => {
    await rejectsWith(catalog.verifyForStart({ ...entry, command: '../x' }), 'command_outside_plugin_dir', /contains "\.\."/);
  });
});

describe('get, list, remove and the store', () => {
  test('several versions of one name; get without a version prefers the unversioned entry, then the highest', async () => {
    await catalog.register({ type: 'secret', name: 'kv', command: 'kv', version: '1.2.0' });
    await catalog.register({ type: 'secret', name: 'kv', command: 'kv', version: '1.10.0' });
    await catalog.register({ type: 'auth', name: 'kv', command: 'kv', version: '9.0.0' });
    assert.equal(catalog.get('secret', 'kv')?.version, 'v1.10.0');
    assert.equal(catalog.get('secret', 'kv', '1.2.0')?.version, 'v1.2.0');
    assert.equal(catalog.get('secret', 'kv', 'v1.2.0')?.version, 'v1.2.0');
    assert.equal(catalog.get('secret', 'kv', '3.0.0'), undefined);
    await catalog.register({ type: 'secret', name: 'kv', command: 'kv' });
    assert.equal(catalog.get('secret', 'kv')?.version, '');
    assert.equal(catalog.list().length, 4);
  });

  test('remove deletes exactly one version', async () => {
    await catalog.register({ type: 'secret', name: 'kv', command: 'kv', version: '1.0.0' });
    await catalog.register({ type: 'secret', name: 'kv', command: 'kv' });
    assert.equal(catalog.remove('secret', 'kv', '1.0.0'), true);
    assert.equal(catalog.remove('secret', 'kv', '1.0.0'), false);
    assert.equal(catalog.remove('secret', 'kv'), true);
    assert.deepEqual(catalog.list(), []);
  });

  test('entries handed out are copies', async () => {
    const entry = await catalog.register({ type: 'secret', name: 'kv', command: 'kv', env: { A: '1' } });
    entry.env.A = 'changed';
    (catalog.get('secret', 'kv') as CatalogEntry).args.push('changed');
    assert.deepEqual(catalog.get('secret', 'kv')?.env, { A: '1' });
    assert.deepEqual(catalog.get('secret', 'kv')?.args, []);
  });

  test('a catalog built on an existing store sees its entries and writes through', async () => {
    const store = new InMemoryCatalogStore();
    await new PluginCatalog({ pluginDirectory: pluginDir, store }).register({ type: 'secret', name: 'kv', command: 'kv' });
    const reopened = new PluginCatalog({ pluginDirectory: pluginDir, store });
    assert.equal(reopened.get('secret', 'kv')?.sha256, BINARY_SHA);
    reopened.remove('secret', 'kv');
    assert.deepEqual(store.load(), []);
  });
});

describe('limits: memory ceiling and start timeout', () => {
  test('register takes them; tune changes them without re-hashing; registering again keeps tuned limits', async () => {
    const entry = await catalog.register({ type: 'secret', name: 'kv', command: 'kv', memoryLimitMiB: 256, startTimeoutSeconds: 5 });
    assert.deepEqual([entry.memoryLimitMiB, entry.startTimeoutSeconds], [256, 5]);
    const tuned = catalog.tune('secret', 'kv', undefined, { memoryLimitMiB: 2048 });
    assert.deepEqual([tuned.memoryLimitMiB, tuned.startTimeoutSeconds], [2048, 5]);
    assert.equal(catalog.get('secret', 'kv')?.memoryLimitMiB, 2048);
    const again = await catalog.register({ type: 'secret', name: 'kv', command: 'kv' });
    assert.deepEqual([again.memoryLimitMiB, again.startTimeoutSeconds], [2048, 5]);
  });

  test('an entry stored before limits existed gets the defaults', () => {
    const store = new InMemoryCatalogStore();
    const old = { type: 'secret', name: 'kv', version: '', command: 'kv', args: [], env: {}, sha256: BINARY_SHA };
    store.save(old as unknown as Parameters<InMemoryCatalogStore['save']>[0]);
    const entry = new PluginCatalog({ pluginDirectory: pluginDir, store }).get('secret', 'kv');
    assert.deepEqual([entry?.memoryLimitMiB, entry?.startTimeoutSeconds], [1024, 30]);
  });

  test('refuses limits out of range and tuning an entry that does not exist, saying why', async () => {
    await assert.rejects(
      catalog.register({ type: 'secret', name: 'kv', command: 'kv', memoryLimitMiB: 4 }),
      (error: unknown) => isHostError(error) && error.code === 'catalog_invalid_entry' && /memory limit 4 MiB is not a whole number of MiB between 16 and/.test(error.message),
    );
    await catalog.register({ type: 'secret', name: 'kv', command: 'kv' });
    assert.throws(
      () => catalog.tune('secret', 'kv', undefined, { startTimeoutSeconds: 0 }),
      (error: unknown) => isHostError(error) && /start timeout 0 s is not between 0.1 and 3600 seconds/.test(error.message),
    );
    assert.throws(
      () => catalog.tune('secret', 'nope', '1.0.0', { memoryLimitMiB: 64 }),
      (error: unknown) => isHostError(error) && error.code === 'plugin_not_found' && /Register it first/.test(error.message),
    );
  });
});
