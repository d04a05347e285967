/**
 * Vault compatibility settled by OpenBao, with the same binary: the Go `strongroom-custom` fixture
 * is mounted in Strongroom (the full app: real SQLite storage, router, contract) and in a real
 * `bao server -dev`, and the answers must agree. Covers storage keys Vault accepts although they
 * look odd (a leading "/", an empty segment like PKI's `crls//<id>-delta`).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AppServices } from '../../electron/core/app-services';
import { call, callError, installPlugins, openServices, PASSPHRASE, removeDir, tempDataDir } from '../electron/core/core-helpers';
import { fixturePath } from '../fixtures/plugins/fixtures';
import { startOpenBao, type OpenBaoServer } from '../support/openbao';

const SHAPE_KEYS = ['/lead', '/dir/child', 'crls//x-delta', 'crls/x'];

describe('the custom Go fixture answers in Strongroom as in OpenBao', { timeout: 600_000 }, () => {
  let dataDir: string;
  let services: AppServices;
  let baoPluginDir: string;
  let bao: OpenBaoServer;

  before(async () => {
    dataDir = tempDataDir();
    await installPlugins(dataDir, ['strongroom-custom']);
    services = await openServices(dataDir);
    await call(services, 'seal.init', { passphrase: PASSPHRASE });
    await call(services, 'plugins.register', { type: 'secret', name: 'custom', command: 'strongroom-custom' });
    await call(services, 'mounts.enable', { path: 'custom', type: 'custom' });

    baoPluginDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-openbao-'));
    const binary = fs.readFileSync(fixturePath('strongroom-custom'));
    fs.writeFileSync(path.join(baoPluginDir, 'custom'), binary, { mode: 0o755 });
    bao = await startOpenBao(baoPluginDir);
    const sha256 = createHash('sha256').update(binary).digest('hex');
    const registered = await bao.request('PUT', 'sys/plugins/catalog/secret/custom', { sha256, command: 'custom' });
    assert.equal(registered.status, 204, JSON.stringify(registered.body));
    const mounted = await bao.request('POST', 'sys/mounts/custom', { type: 'custom' });
    assert.equal(mounted.status, 204, `${JSON.stringify(mounted.body)}\n${bao.log()}`);
  });

  after(async () => {
    await bao?.stop();
    await services?.close();
    if (baoPluginDir !== undefined) fs.rmSync(baoPluginDir, { recursive: true, force: true });
    if (dataDir !== undefined) removeDir(dataDir);
  });

  it('storage keys with a leading "/" and an empty segment: written, read, listed and deleted alike', async () => {
    const ours = await call(services, 'requests.handle', { path: 'custom/compat/storage-shapes', operation: 'update' });
    const theirs = await bao.request('PUT', 'custom/compat/storage-shapes', {});
    assert.equal(theirs.status, 200, JSON.stringify(theirs.body));
    const baoData = theirs.body?.['data'] as Record<string, Record<string, unknown>>;
    const data = ours.data as Record<string, Record<string, unknown>>;

    // What Vault's semantics give, so the comparison is not between two failures.
    assert.deepEqual(data['read'], Object.fromEntries(SHAPE_KEYS.map((key) => [key, `value of ${key}`])));
    const lists = data['lists']!;
    assert.deepEqual(lists['/'], ['dir/', 'lead']);
    assert.deepEqual(lists['/dir/'], ['child']);
    assert.deepEqual(lists['crls/'], ['/', 'x']);
    assert.deepEqual(lists['crls//'], ['x-delta']);
    assert.ok((lists[''] as string[]).includes('/') && (lists[''] as string[]).includes('crls/'), JSON.stringify(lists['']));
    const after = data['lists_after']!;
    for (const prefix of ['/', '/dir/', 'crls/', 'crls//']) assert.deepEqual(after[prefix], [], `after delete: ${prefix}`);
    assert.ok(!(after[''] as string[]).includes('/'), JSON.stringify(after['']));

    // The same as OpenBao, field by field (the root lists also hold the fixture's own keys, e.g.
    // the rollback counter, whose timing differs, so only this test's names are compared there).
    assert.deepEqual(data['read'], baoData['read']);
    const mine = (names: unknown) => (names as string[]).filter((name) => name === '/' || name === 'crls/');
    for (const field of ['lists', 'lists_after'] as const) {
      const { '': ourRoot, ...ourRest } = data[field]!;
      const { '': baoRoot, ...baoRest } = baoData[field]!;
      assert.deepEqual(ourRest, baoRest, field);
      assert.deepEqual(mine(ourRoot), mine(baoRoot), `${field} of ""`);
    }
  });

  it('an error response together with a plain error is a 400 with the response\'s text, as transit\'s key deletion', async () => {
    const text = 'error deleting policy fixture: deletion is not allowed for this policy';
    const theirs = await bao.request('DELETE', 'custom/compat/error-response');
    assert.deepEqual({ status: theirs.status, errors: theirs.body?.['errors'] }, { status: 400, errors: [text] });
    const ours = await callError(services, 'requests.handle', { path: 'custom/compat/error-response', operation: 'delete' });
    assert.deepEqual(
      { code: ours.code, message: ours.message, status: ours.detail?.['httpStatus'] },
      { code: 'user_error', message: text, status: 400 },
    );
  });

  // Issue 19: Vault's RespondErrorCommon matches no sentinel for these, so OpenBao answers 500; the
  // contract keeps 400 and 403 until that issue settles Vault's HTTP API (error-status.ts).
  for (const [path, code, ourStatus] of [['user-error', 'user_error', 400], ['multi-authz-pending', 'multi_authz_pending', 403]] as const) {
    it(`a ${code} without a response: OpenBao says 500, the contract keeps ${ourStatus} (recorded difference)`, async () => {
      const theirs = await bao.request('GET', `custom/compat/${path}`);
      assert.equal(theirs.status, 500, JSON.stringify(theirs.body));
      const ours = await callError(services, 'requests.handle', { path: `custom/compat/${path}`, operation: 'read' });
      assert.deepEqual({ code: ours.code, status: ours.detail?.['httpStatus'] }, { code, status: ourStatus });
      const errors = (theirs.body?.['errors'] ?? []) as string[];
      assert.ok(errors.some((text) => text.includes(ours.message)), `${JSON.stringify(errors)} carries ${ours.message}`);
    });
  }
});
