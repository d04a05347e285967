import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureFixtures, fixturePath } from '../../../fixtures/plugins/fixtures';
import { nextEvent } from '../../../support/next-event';
import { apiRequest, startApiHarness, type ApiHarness } from '../../vault-api/api-harness';
import { call, callError } from '../core-helpers';

// Outside development mode nothing changes silently: a replaced binary is refused with both
// hashes; re-pin shows what changed, re-pins, and can be undone (the previous bytes are kept).
// Through the contract and over the Vault HTTP API.
const sha256Of = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
/** As a build replaces a binary that is running (writing over it would be ETXTBSY): a new file renamed over it. */
function replaceFile(source: string, target: string): void {
  fs.copyFileSync(source, `${target}.tmp`);
  fs.renameSync(`${target}.tmp`, target);
}

describe('re-pin outside development mode, and development mode over HTTP', () => {
  let harness: ApiHarness;
  let pluginDir: string;
  let target: string;
  let customSha = '';
  let kvSha = '';
  const services = () => harness.services;
  const read = (apiPath: string) => apiRequest(harness.api.url, 'GET', apiPath, { token: harness.token });

  before(async () => {
    await ensureFixtures({ names: ['strongroom-custom', 'vault-plugin-secrets-kv'], log: () => undefined });
    harness = await startApiHarness();
    await harness.init();
    pluginDir = path.join(harness.dataDir, 'plugins');
    target = path.join(pluginDir, 'pinned-plugin');
    fs.copyFileSync(fixturePath('strongroom-custom'), target);
    fs.chmodSync(target, 0o755);
    customSha = sha256Of(target);
    kvSha = sha256Of(fixturePath('vault-plugin-secrets-kv'));
    await call(services(), 'plugins.register', { name: 'pinned', command: 'pinned-plugin' });
    await call(services(), 'mounts.enable', { path: 'pinned', type: 'pinned' });
    await call(services(), 'requests.handle', { path: 'pinned/config', operation: 'write', data: { custom_prefix: 'hi ' } });
  });
  after(async () => {
    await harness?.close();
  });

  test('a replaced binary: refused at start with both hashes and the fix; the preview says what changed', async () => {
    const before = fs.statSync(target);
    replaceFile(fixturePath('vault-plugin-secrets-kv'), target);
    const refused = await callError(services(), 'plugins.reload', { mounts: ['pinned'] });
    assert.equal(refused.code, 'sha256_mismatch');
    assert.match(refused.message, new RegExp(`the catalog pins sha256 ${customSha}, the file now hashes to ${kvSha}\\. .*"Re-pin" on the Plugins page, or plugins\\.repin`));
    const overHttp = await apiRequest(harness.api.url, 'PUT', 'sys/plugins/reload/backend', { token: harness.token, body: { mounts: ['pinned'] } });
    // OpenBao 2.7.2 answers this reload 400 "cannot reload plugin on \"pinned/\": … checksums did not match" (checked by hand).
    assert.equal(overHttp.status, 400);
    assert.match(overHttp.text, new RegExp(`pins sha256 ${customSha}, the file now hashes to ${kvSha}`));

    const preview = await call(services(), 'plugins.repinPreview', { name: 'pinned' });
    assert.equal(preview.file, target);
    assert.equal(preview.changed, true);
    assert.deepEqual(preview.pinned, { sha256: customSha, bytes: before.size, modifiedAt: before.mtime.toISOString() });
    assert.equal(preview.current?.sha256, kvSha);
    assert.equal(preview.current?.bytes, fs.statSync(target).size);
    assert.equal(preview.current?.modifiedAt, fs.statSync(target).mtime.toISOString());
    assert.equal(preview.problem, null);
  });

  test('re-pin to the previewed sha256: the new binary serves the mount; a sha256 that is not the file is refused', async () => {
    const stale = await callError(services(), 'plugins.repin', { name: 'pinned', sha256: customSha });
    assert.equal(stale.code, 'sha256_mismatch');
    assert.match(stale.message, /changed again: it now hashes to [0-9a-f]{64}, not [0-9a-f]{64} as when it was previewed/);
    const result = await call(services(), 'plugins.repin', { name: 'pinned', sha256: kvSha });
    assert.equal(result.previousSha256, customSha);
    assert.equal(result.entry.sha256, kvSha);
    assert.deepEqual(result.entry.undo, { previousSha256: customSha, undoToken: result.undoToken });
    // KV v1 now answers on the same mount, reading what the previous engine stored.
    const config = await call(services(), 'requests.handle', { path: 'pinned/config', operation: 'read' });
    assert.deepEqual(config.data, { custom_prefix: 'hi ' });
    const preview = await call(services(), 'plugins.repinPreview', { name: 'pinned' });
    assert.equal(preview.changed, false);

    const wrongToken = await callError(services(), 'plugins.undoRepin', { name: 'pinned', undoToken: 'not-the-token' });
    assert.equal(wrongToken.code, 'invalid_request');
    assert.match(wrongToken.message, /only the last re-pin can be undone, with the token it returned/);

    const undone = await call(services(), 'plugins.undoRepin', { name: 'pinned', undoToken: result.undoToken });
    assert.equal(undone.restoredSha256, customSha);
    assert.equal(undone.entry.sha256, customSha);
    // The file on disk is still the KV build: the previous bytes run from the kept copy.
    const hello = await call(services(), 'requests.handle', { path: 'pinned/hello/back', operation: 'read' });
    assert.deepEqual(hello.data, { message: 'hi back' });
    const running = (await call(services(), 'plugins.status', {})).processes.find((p) => p.mounts.includes('pinned/'));
    assert.equal(running?.runningSha256, customSha);
    // Undoing the undo goes forward again.
    assert.equal(undone.entry.undo?.previousSha256, kvSha);
  });

  test('a re-pin of a built-in or of an unknown entry is refused', async () => {
    assert.equal((await callError(services(), 'plugins.repin', { name: 'nope' })).code, 'plugin_not_found');
    const builtin = (await call(services(), 'plugins.list', {})).plugins.find((p) => p.builtin);
    if (builtin !== undefined) {
      assert.equal((await callError(services(), 'plugins.repin', { name: builtin.name, version: builtin.version })).code, 'plugin_builtin');
    }
  });

  test('over HTTP: a source_dir others can write answers 400 and registers nothing', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'r1-open-source-'));
    try {
      fs.writeFileSync(path.join(folder, 'main.ts'), 'export {};\n');
      fs.chmodSync(folder, 0o777);
      const put = await apiRequest(harness.api.url, 'PUT', 'sys/plugins/catalog/secret/unsafe', { token: harness.token, body: { command: 'pinned-plugin', development: true, source_dir: folder } });
      assert.equal(put.status, 400, put.text);
      assert.match(put.text, /can be written by other users \(mode 0777\).*chmod go-w/);
      assert.equal((await call(services(), 'plugins.list', {})).plugins.some((p) => p.name === 'unsafe'), false);
      assert.equal((await read('sys/plugins/catalog/secret/unsafe')).status, 404);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  test('over HTTP: a plain entry reads as OpenBao has it; development=true turns it on, and the read shows it', async () => {
    const plain = await read('sys/plugins/catalog/secret/pinned');
    assert.equal(plain.status, 200);
    assert.deepEqual(Object.keys((plain.body?.['data'] ?? {}) as object).sort(), ['args', 'builtin', 'command', 'declarative', 'name', 'oci', 'sha256', 'version']);

    replaceFile(fixturePath('strongroom-custom'), target);
    const put = await apiRequest(harness.api.url, 'PUT', 'sys/plugins/catalog/secret/pinned', { token: harness.token, body: { command: 'pinned-plugin', sha256: customSha, development: true } });
    assert.equal(put.status, 204, put.text);
    const on = await read('sys/plugins/catalog/secret/pinned');
    const development = (on.body?.['data'] as Record<string, unknown>)['development'] as Record<string, unknown>;
    assert.equal(development['watching'], target);
    assert.equal(development['source_dir'], null);
    assert.equal(development['running_copy'], path.join(harness.dataDir, 'plugin-pins', customSha));

    const reloaded = nextEvent(services().events, 'plugins.reloaded', (event) => event.name === 'pinned', 30_000);
    replaceFile(fixturePath('vault-plugin-secrets-kv'), target);
    assert.equal((await reloaded).sha256, kvSha);
    const after = await read('sys/plugins/catalog/secret/pinned');
    const data = after.body?.['data'] as Record<string, unknown>;
    assert.equal(data['sha256'], kvSha);
    assert.equal(((data['development'] as Record<string, unknown>)['last_reload'] as Record<string, unknown>)['previousSha256'], customSha);

    const off = await apiRequest(harness.api.url, 'PUT', 'sys/plugins/catalog/secret/pinned', { token: harness.token, body: { command: 'pinned-plugin', development: false } });
    assert.equal(off.status, 204, off.text);
    assert.equal(((await read('sys/plugins/catalog/secret/pinned')).body?.['data'] as Record<string, unknown>)['development'], undefined);
  });
});
