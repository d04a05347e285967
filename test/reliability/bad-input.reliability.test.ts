/**
 * Bad input: every kind below is sent to the real app (contract dispatcher, headless server,
 * catalog, launcher, storage) and must be answered by its stable code, with a message that says
 * what to do, leaving the catalog, the mounts, the seal state and a stored canary unchanged.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../electron/storage';
import { startHeadlessServer, type HeadlessServer } from '../../electron/server/headless-server';
import { ensureFixtures, fixturePath } from '../fixtures/plugins/fixtures';
import { writeShellTextFile, writeWrongArchBinary } from '../fixtures/plugins/foreign-files';
import { openApp, type AppDriver } from './app-driver';
import { runBadInputCase, type BadInputCase, type BadInputOutcome } from './bad-input';
import { recordFigures } from './figures';
import { startPluginStack, TEST_PASSPHRASE, tempDir } from './plugin-stack';

const root = tempDir('srbad-');
const pluginDir = path.join(root, 'plugins');
const dataDir = path.join(root, 'data');
let app: AppDriver;
let server: HeadlessServer;
let kv1Uuid = '';
const outcomes: BadInputOutcome[] = [];
const tried = new Set<string>();
const attempt = (testCase: BadInputCase) => {
  tried.add(testCase.kind);
  return runBadInputCase(testCase);
};

before(async () => {
  await ensureFixtures({ names: ['vault-plugin-secrets-kv', 'strongroom-misbehave'], log: () => {} });
  fs.mkdirSync(pluginDir);
  for (const name of ['vault-plugin-secrets-kv', 'strongroom-misbehave'] as const) fs.copyFileSync(fixturePath(name), path.join(pluginDir, name));
  fs.copyFileSync(fixturePath('vault-plugin-secrets-kv'), path.join(pluginDir, 'kv-replaced'));
  fs.writeFileSync(path.join(pluginDir, 'not-executable'), '#!/bin/sh\nexit 0\n', { mode: 0o644 });
  fs.symlinkSync(fixturePath('vault-plugin-secrets-kv'), path.join(pluginDir, 'escaping-link'));
  await writeShellTextFile(path.join(pluginDir, 'shell-text'), path.join(root, 'the-shell-ran-it'));
  await writeWrongArchBinary(path.join(pluginDir, 'wrong-arch'));
  app = await openApp(dataDir);
  await app.call('seal.init', { passphrase: TEST_PASSPHRASE });
  await app.call('settings.setPluginDirectory', { path: pluginDir });
  await app.call('plugins.register', { name: 'kv', command: 'vault-plugin-secrets-kv' });
  await app.call('plugins.register', { name: 'kv-replaced', command: 'kv-replaced' });
  await app.call('plugins.register', { name: 'mis-serve', command: 'strongroom-misbehave', args: ['serve'] });
  await app.call('mounts.enable', { path: 'mis-serve', type: 'mis-serve' });
  await app.call('mounts.enable', { path: 'kv', type: 'kv', options: { version: '2' } });
  const kv1 = await app.call<{ uuid: string }>('mounts.enable', { path: 'kv1', type: 'kv' });
  kv1Uuid = kv1.uuid;
  await app.call('requests.handle', { path: 'kv/data/canary', operation: 'write', data: { data: { value: 'canary-value' } } });
  await app.call('requests.handle', { path: 'kv1/tamper', operation: 'write', data: { value: 'tamper-target' } });
  // The invoke endpoint needs no built renderer: an empty directory will do.
  const rendererDir = path.join(root, 'renderer');
  fs.mkdirSync(rendererDir);
  server = await startHeadlessServer({ services: app.services, rendererDir });
});

after(async () => {
  await server?.close();
  await app?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

/** What no bad input may change: catalog, mounts, seal state, a stored secret. */
async function appState(): Promise<unknown> {
  const reply = async (method: string, args: unknown = {}) => {
    const answer = await app.services.dispatch(method, args);
    return answer.ok ? answer.result : answer.error.code;
  };
  const canary = await app.services.dispatch('requests.handle', { path: 'kv/data/canary', operation: 'read' });
  const value = canary.ok ? (canary.result as { data: { data: { value: string } } }).data.data.value : canary.error.code;
  return { plugins: await reply('plugins.list'), mounts: await reply('mounts.list'), seal: await reply('seal.status'), canary: value };
}

const contract = (method: unknown, args: unknown) => () => app.services.dispatch(method, args);

/** POSTs raw bytes to the invoke endpoint; a connection closed without an answer rejects saying so. */
function postRaw(body: string | Buffer): Promise<unknown> {
  const url = new URL(`${server.url}api/invoke`);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve(JSON.parse(text)));
    });
    request.on('error', (error) => reject(new Error(`the server closed the connection without an answer (${error.message})`)));
    request.end(body);
  });
}

const cases: BadInputCase[] = [
  { kind: 'unknown contract method', code: 'unknown_method', send: contract('mounts.explode', {}), snapshot: appState },
  { kind: 'method name that is not a string', code: 'unknown_method', send: contract(42, {}), snapshot: appState },
  { kind: 'unknown request operation', code: 'invalid_arguments', send: contract('requests.handle', { path: 'kv/data/x', operation: 'explode' }), snapshot: appState },
  { kind: 'wrong field types', code: 'invalid_arguments', send: contract('mounts.enable', { path: 42, type: true }), snapshot: appState },
  { kind: 'missing required fields', code: 'invalid_arguments', send: contract('plugins.register', { name: 'x' }), snapshot: appState },
  { kind: 'unexpected extra field', code: 'invalid_arguments', send: contract('mounts.list', { bogus: 1 }), snapshot: appState },
  { kind: 'arguments that are not an object', code: 'invalid_arguments', send: contract('mounts.list', [1, 2]), snapshot: appState },
  { kind: 'oversized field (5,000-character path)', code: 'invalid_arguments', send: contract('requests.handle', { path: `kv/${'a'.repeat(5000)}`, operation: 'read' }), snapshot: appState },
  { kind: 'duration that is not a duration', code: 'invalid_arguments', send: contract('mounts.tune', { path: 'kv', defaultLeaseTtl: 'forever' }), snapshot: appState },
  { kind: 'invalid mount path (space)', code: 'invalid_mount_path', send: contract('mounts.enable', { path: 'a b', type: 'kv' }), snapshot: appState },
  { kind: 'mount path with ..', code: 'invalid_mount_path', send: contract('mounts.enable', { path: 'x/../etc', type: 'kv' }), snapshot: appState },
  { kind: 'lone surrogate in a mount path', code: 'invalid_mount_path', send: contract('mounts.enable', { path: 'kv\uD800', type: 'kv' }), snapshot: appState },
  { kind: 'overlapping mount (nested)', code: 'mount_overlap', send: contract('mounts.enable', { path: 'kv/inner', type: 'kv' }), snapshot: appState },
  { kind: 'same mount twice', code: 'mount_overlap', send: contract('mounts.enable', { path: 'kv1/', type: 'kv' }), snapshot: appState },
  { kind: 'reserved mount path', code: 'mount_reserved', send: contract('mounts.enable', { path: 'sys', type: 'kv' }), snapshot: appState },
  { kind: 'mount of an unregistered plugin', code: 'plugin_not_found', send: contract('mounts.enable', { path: 'nope', type: 'nope' }), snapshot: appState },
  { kind: 'request path with no mount', code: 'no_mount', send: contract('requests.handle', { path: 'nowhere/x', operation: 'read' }), snapshot: appState },
  {
    // A lone surrogate does not survive UTF-8: unchecked, the write lands on another key ("lone\uFFFD").
    kind: 'lone surrogate in a request path',
    code: ['invalid_request', 'invalid_arguments'],
    send: contract('requests.handle', { path: 'kv1/lone\uDC00', operation: 'write', data: { value: 'x' } }),
    snapshot: appState,
  },
  {
    kind: 'plugin sends a storage key containing ".." (KV v1 writes "../escape")',
    code: 'invalid_storage_key',
    message: /Storage key "\.\.\/escape" was refused: it contains "\.\."/,
    send: contract('requests.handle', { path: 'kv1/../escape', operation: 'write', data: { value: 'x' } }),
    snapshot: appState,
  },
  { kind: 'unknown lease', code: 'lease_not_found', send: contract('leases.revoke', { leaseId: 'kv/nothing/here' }), snapshot: appState },
  { kind: 'relative plugin directory', code: 'invalid_plugin_directory', send: contract('settings.setPluginDirectory', { path: 'plugins' }), snapshot: appState },
  {
    kind: 'wrong cookie (catalog env overrides the magic cookie)',
    code: 'catalog_invalid_entry',
    send: contract('plugins.register', { name: 'cookie', command: 'vault-plugin-secrets-kv', env: { VAULT_BACKEND_PLUGIN: 'wrong' } }),
    snapshot: appState,
  },
  {
    kind: 'sha256 mismatch at registration',
    code: 'sha256_mismatch',
    send: contract('plugins.register', { name: 'kv', command: 'vault-plugin-secrets-kv', sha256: '0'.repeat(64) }),
    snapshot: appState,
  },
  { kind: 'sha256 that is not hex', code: 'catalog_invalid_entry', send: contract('plugins.register', { name: 'x', command: 'vault-plugin-secrets-kv', sha256: 'zz' }), snapshot: appState },
  {
    kind: 'binary replaced after registration',
    code: 'sha256_mismatch',
    message: /replaced after registration/,
    send: async () => {
      fs.appendFileSync(path.join(pluginDir, 'kv-replaced'), Buffer.from('tampered'));
      return app.services.dispatch('mounts.enable', { path: 'replaced', type: 'kv-replaced' });
    },
    snapshot: appState,
  },
  { kind: 'command escaping with ..', code: 'command_outside_plugin_dir', send: contract('plugins.register', { name: 'up', command: '../data/strongroom.db' }), snapshot: appState },
  { kind: 'absolute command', code: 'command_outside_plugin_dir', send: contract('plugins.register', { name: 'abs', command: '/bin/sh' }), snapshot: appState },
  { kind: 'command escaping through a symlink', code: 'command_outside_plugin_dir', send: contract('plugins.register', { name: 'link', command: 'escaping-link' }), snapshot: appState },
  { kind: 'non-executable plugin file', code: 'plugin_binary_not_executable', send: contract('plugins.register', { name: 'noexec', command: 'not-executable' }), snapshot: appState },
  { kind: 'shell-text plugin file (no #!)', code: 'plugin_binary_wrong_format', send: contract('plugins.register', { name: 'text', command: 'shell-text' }), snapshot: appState },
  { kind: 'plugin built for another architecture', code: 'plugin_binary_wrong_format', send: contract('plugins.register', { name: 'arm', command: 'wrong-arch' }), snapshot: appState },
  { kind: 'missing plugin file', code: 'plugin_binary_missing', send: contract('plugins.register', { name: 'gone', command: 'no-such-binary' }), snapshot: appState },
  ...(['exit-early', 'garbage', 'garbage-fields', 'bad-core-version', 'bad-app-version', 'undialable-unix', 'undialable-tcp'] as const).map(
    (mode): BadInputCase => ({
      kind: `malformed handshake: misbehave ${mode}`,
      code: {
        'exit-early': 'exited_before_handshake',
        garbage: 'handshake_unrecognized',
        'garbage-fields': 'handshake_unrecognized',
        'bad-core-version': 'incompatible_core_version',
        'bad-app-version': 'incompatible_app_version',
        'undialable-unix': 'plugin_unreachable',
        'undialable-tcp': 'plugin_unreachable',
      }[mode],
      send: async () => {
        await app.call('plugins.register', { name: `mis-${mode}`, command: 'strongroom-misbehave', args: [mode] });
        try {
          return await app.services.dispatch('mounts.enable', { path: `mis-${mode}`, type: `mis-${mode}` });
        } finally {
          await app.call('plugins.remove', { name: `mis-${mode}` });
        }
      },
      snapshot: appState,
    }),
  ),
  { kind: 'malformed JSON to the headless server', code: 'invalid_json', send: () => postRaw('{"method": "mounts.list", '), snapshot: appState },
  {
    // Decoded leniently, the bytes become U+FFFD and the write lands on a key the user never typed.
    kind: 'invalid UTF-8 in a JSON body',
    code: ['invalid_json', 'invalid_request'],
    send: () => postRaw(Buffer.concat([Buffer.from('{"method":"requests.handle","args":{"path":"kv1/bytes-'), Buffer.from([0xff, 0xfe]), Buffer.from('","operation":"write","data":{"value":"x"}}}')])),
    snapshot: async () => ({ app: await appState(), kv1: await app.services.dispatch('requests.handle', { path: 'kv1/', operation: 'list' }).then((r) => (r.ok ? (r.result as { data: unknown }).data : r.error.code)) }),
  },
  { kind: 'oversized plugin answer (40 MiB)', code: 'response_too_large', send: contract('requests.handle', { path: 'mis-serve/big/40', operation: 'read' }), snapshot: appState },
  { kind: 'oversized request body (33 MiB)', code: 'request_too_large', send: () => postRaw(Buffer.alloc(33 * 1024 * 1024, 0x20)), snapshot: appState },
  {
    kind: 'tampered ciphertext',
    code: 'corrupt',
    message: /cannot be decrypted.*restore the data directory from a backup/,
    send: async () => {
      const db = new Database(path.join(dataDir, DATABASE_FILE));
      const row = `logical/${kv1Uuid}/tamper`;
      const value = db.prepare('SELECT value FROM entries WHERE path = ?').pluck().get(row) as Buffer;
      value[value.length - 1] = (value[value.length - 1] as number) ^ 0xff;
      db.prepare('UPDATE entries SET value = ? WHERE path = ?').run(value, row);
      db.close();
      return app.services.dispatch('requests.handle', { path: 'kv1/tamper', operation: 'read' });
    },
    snapshot: appState,
  },
];

for (const testCase of cases) {
  test(`bad input: ${testCase.kind} → ${String(testCase.code)}`, { timeout: 60_000 }, async () => {
    outcomes.push(await attempt(testCase));
  });
}

test('bad input: wrong passphrase → wrong_passphrase, then requests while sealed → sealed', async () => {
  await app.call('seal.seal');
  const sealedState = async () => (await app.services.dispatch('seal.status', {}));
  outcomes.push(await attempt({ kind: 'wrong passphrase', code: 'wrong_passphrase', send: contract('seal.unseal', { passphrase: 'not the passphrase' }), snapshot: sealedState }));
  outcomes.push(await attempt({ kind: 'request while sealed', code: 'sealed', send: contract('requests.handle', { path: 'kv/data/canary', operation: 'read' }), snapshot: sealedState }));
  outcomes.push(await attempt({ kind: 'mount while sealed', code: 'sealed', send: contract('mounts.enable', { path: 'late', type: 'kv' }), snapshot: sealedState }));
  await app.call('seal.unseal', { passphrase: TEST_PASSPHRASE });
  assert.deepEqual(((await appState()) as { canary: string }).canary, 'canary-value');
});

test('bad input: a plugin that never hands shake → start_timeout, and nothing keeps running', { timeout: 60_000 }, async () => {
  const stack = await startPluginStack([{ name: 'hang', fixture: 'strongroom-misbehave', args: ['hang'] }], { startTimeoutMs: 1_500 });
  try {
    const mount = stack.mount('hang', 'hang/');
    const running = async () => stack.supervisor.status().map((status) => status.pid ?? null);
    outcomes.push(await attempt({ kind: 'handshake never comes (misbehave hang)', code: 'start_timeout', send: () => stack.supervisor.ensureMounted(mount.id), snapshot: async () => (await running()).filter((pid) => pid !== null) }));
  } finally {
    await stack.close();
  }
});

test('bad input: every answer is readable and says what to do next', () => {
  const unclear = outcomes.filter((outcome) => outcome.unclear !== undefined);
  recordFigures(import.meta.url, { bad_inputs: tried.size, bad_inputs_answered: outcomes.length, unclear_errors: unclear.length });
  for (const outcome of unclear) console.log(`unclear (${outcome.unclear}): ${outcome.kind}: ${outcome.error.code}: ${outcome.error.message}`);
  assert.ok(outcomes.length >= 20, `${outcomes.length} kinds of bad input were answered`);
  // Empty, raw dumps, internal codes and messages without a hint of what to do all fail.
  assert.deepEqual(unclear.map((o) => `${o.kind}: ${o.unclear}: ${o.error.message}`), []);
});
