import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, test } from 'node:test';
import { DEFAULT_LIMITS, PluginCatalog, type BuiltinCatalogEntry, type CatalogEntry } from '../../../plugin-host/catalog/catalog';
import { isHostError, type HostErrorCode } from '../../../plugin-host/errors';

// A #! script stands in for the shipped binary: the catalog treats both as programs.
const BUILTIN = '#!/bin/sh\necho "I am the built-in kv"\n';
const USER = '#!/bin/sh\necho "I am a registered kv"\n';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

let root = '';
let pluginDir = '';
let builtinFile = '';
let runs = 0;

after(() => rm(root, { recursive: true, force: true }));

beforeEach(async () => {
  root ||= await mkdtemp(join(tmpdir(), 'sr-builtins-'));
  runs += 1;
  pluginDir = join(root, `plugins${runs}`);
  const builtinDir = join(root, `builtins${runs}`);
  await mkdir(pluginDir, { recursive: true });
  await mkdir(builtinDir, { recursive: true });
  builtinFile = join(builtinDir, 'vault-plugin-secrets-kv');
  await writeFile(builtinFile, BUILTIN, { mode: 0o755 });
  await writeFile(join(pluginDir, 'my-kv'), USER, { mode: 0o755 });
});

function builtin(overrides: Partial<CatalogEntry> = {}): BuiltinCatalogEntry {
  return {
    file: builtinFile,
    entry: {
      type: 'secret',
      name: 'kv',
      version: 'v0.25.0+builtin',
      command: 'vault-plugin-secrets-kv',
      args: [],
      env: {},
      sha256: sha(BUILTIN),
      ...DEFAULT_LIMITS,
      ...overrides,
      builtin: true,
    },
  };
}

const catalogWith = (entry = builtin()) => new PluginCatalog({ pluginDirectory: pluginDir, builtins: [entry] });

function hostError(code: HostErrorCode, message: RegExp) {
  return (error: unknown) => {
    assert.ok(isHostError(error), String(error));
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  };
}

test('a built-in is listed and found by name, by its version, and verified outside the plugin directory', async () => {
  const catalog = catalogWith();
  assert.deepEqual(catalog.list(), [builtin().entry]);
  assert.deepEqual(catalog.get('secret', 'kv'), builtin().entry);
  assert.deepEqual(catalog.get('secret', 'kv', 'v0.25.0+builtin'), builtin().entry);
  assert.equal(catalog.get('secret', 'kv', 'v0.25.0'), undefined);
  assert.equal(await catalog.verifyForStart(catalog.get('secret', 'kv')!), builtinFile);
});

test('an unversioned registered entry of the same name serves unpinned mounts; removing it brings the built-in back', async () => {
  const catalog = catalogWith();
  const mine = await catalog.register({ type: 'secret', name: 'kv', command: 'my-kv' });
  assert.equal(catalog.get('secret', 'kv')?.sha256, sha(USER));
  assert.equal(catalog.get('secret', 'kv', 'v0.25.0+builtin')?.builtin, true);
  assert.deepEqual(catalog.list().map((entry) => entry.version), ['', 'v0.25.0+builtin']);
  assert.equal(catalog.remove('secret', 'kv'), true);
  assert.notEqual(catalog.get('secret', 'kv')?.sha256, mine.sha256);
  assert.equal(catalog.get('secret', 'kv')?.builtin, true);
});

test('a built-in cannot be removed or tuned, and "+builtin" versions cannot be registered', async () => {
  const catalog = catalogWith();
  assert.throws(() => catalog.remove('secret', 'kv', 'v0.25.0+builtin'), hostError('plugin_builtin', /"kv" is built into Strongroom, so it cannot be removed/));
  // By name alone there is no unversioned entry to remove: the built-in is what the name means.
  assert.throws(() => catalog.remove('secret', 'kv'), hostError('plugin_builtin', /cannot be removed/));
  assert.throws(() => catalog.tune('secret', 'kv', 'v0.25.0+builtin', { memoryLimitMiB: 64 }), hostError('plugin_builtin', /limits cannot be changed/));
  await assert.rejects(
    catalog.register({ type: 'secret', name: 'kv', version: 'v0.25.0+builtin', command: 'my-kv' }),
    hostError('catalog_invalid_entry', /build metadata "builtin"/),
  );
  assert.deepEqual(catalog.list(), [builtin().entry]);
});

test('the built-in binary is hashed before every start', async () => {
  const catalog = catalogWith();
  const entry = catalog.get('secret', 'kv')!;
  await writeFile(builtinFile, `${BUILTIN}# changed\n`);
  await assert.rejects(catalog.verifyForStart(entry), hostError('sha256_mismatch', /changed after it was built: its manifest pins sha256 .*npm run build:builtins/));
  await rm(builtinFile);
  await assert.rejects(catalog.verifyForStart(entry), hostError('plugin_binary_missing', /missing its binary .*npm run build:builtins/));
});

test('a built-in that was not built is listed with its line and refuses to start with it', async () => {
  const line = 'the built-in KV plugin was not built because Go was not found: install Go';
  const catalog = catalogWith(builtin({ sha256: '', unavailable: line }));
  assert.equal(catalog.list()[0]?.unavailable, line);
  await assert.rejects(catalog.verifyForStart(catalog.get('secret', 'kv')!), hostError('plugin_binary_missing', new RegExp(`"kv" cannot start: ${line}`)));
});

test('an entry that claims to be built in but is not one of the catalog\'s built-ins does not start', async () => {
  const catalog = catalogWith();
  const forged: CatalogEntry = { ...builtin().entry, name: 'other' };
  await assert.rejects(catalog.verifyForStart(forged), hostError('plugin_binary_missing', /no built-in plugin "other"/));
});
