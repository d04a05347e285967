/**
 * The same strongroom-custom binary's `raw/*` paths in OpenBao and in Strongroom: what OpenBao's
 * HTTP layer sends (status, Content-Type, body bytes, X-Vault-Raw-Error) is what the contract
 * returns, and OpenBao's file audit HMACs the raw body as the base64 string the plugin sent,
 * which is what Strongroom's audit hashes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppServices } from '../../../electron/core/app-services';
import { fixturePath } from '../../fixtures/plugins/fixtures';
import { startOpenBao, type OpenBaoServer } from '../../support/openbao';
import { call, callError, installPlugins, openServices, PASSPHRASE, removeDir, tempDataDir } from './core-helpers';

const TOKEN = 'strongroom-test-root';

interface HttpReply {
  status: number;
  contentType: string | null;
  rawError: string | null;
  body: Buffer;
}

describe('raw replies: Strongroom answers what OpenBao sends', () => {
  let services: AppServices;
  let dataDir: string;
  let pluginDir: string;
  let auditFile: string | undefined;
  let bao: OpenBaoServer;

  const http = async (method: 'GET' | 'PUT', apiPath: string): Promise<HttpReply> => {
    const response = await fetch(`${bao.url}/v1/${apiPath}`, { method, headers: { 'X-Vault-Token': TOKEN } });
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      rawError: response.headers.get('x-vault-raw-error'),
      body: Buffer.from(await response.arrayBuffer()),
    };
  };

  before(async () => {
    dataDir = tempDataDir();
    const installed = await installPlugins(dataDir, ['strongroom-custom']);
    // An empty plugin directory at start (bao -dev mounts every file it finds), then the binary.
    pluginDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-openbao-raw-'));
    const baoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-openbao-raw-audit-'));
    auditFile = path.join(baoDir, 'audit.log');
    // OpenBao enables audit devices only from its configuration.
    const config = path.join(baoDir, 'audit.hcl');
    fs.writeFileSync(config, `audit "file" "file" {\n  options {\n    file_path = "${auditFile}"\n  }\n}\n`);
    bao = await startOpenBao(pluginDir, [`-config=${config}`]);
    fs.copyFileSync(path.join(installed, 'strongroom-custom'), path.join(pluginDir, 'strongroom-custom'));
    fs.chmodSync(path.join(pluginDir, 'strongroom-custom'), 0o755);
    const sha256 = createHash('sha256').update(fs.readFileSync(fixturePath('strongroom-custom'))).digest('hex');
    const registered = await bao.request('PUT', 'sys/plugins/catalog/secret/custom', { sha256, command: 'strongroom-custom' });
    assert.ok(registered.status < 300, JSON.stringify(registered));
    const mounted = await bao.request('POST', 'sys/mounts/custom', { type: 'custom' });
    assert.ok(mounted.status < 300, JSON.stringify(mounted));

    services = await openServices(dataDir);
    await call(services, 'seal.init', { passphrase: PASSPHRASE });
    await call(services, 'plugins.register', { name: 'custom', command: 'strongroom-custom' });
    await call(services, 'mounts.enable', { path: 'custom', type: 'custom' });
  });
  after(async () => {
    await services?.close();
    await bao?.stop();
    removeDir(dataDir);
    fs.rmSync(pluginDir, { recursive: true, force: true });
    if (auditFile !== undefined) fs.rmSync(path.dirname(auditFile), { recursive: true, force: true });
  });

  for (const name of ['pem', 'der', 'json']) {
    test(`raw/${name}: the same status, content type and bytes`, async () => {
      const expected = await http('GET', `custom/raw/${name}`);
      const result = await call(services, 'requests.handle', { path: `custom/raw/${name}`, operation: 'read' });
      assert.equal(result.status, expected.status);
      assert.equal(result.raw?.status, expected.status);
      assert.equal(result.raw?.contentType, expected.contentType);
      assert.equal(result.raw?.size, expected.body.length);
      const body = result.raw?.body;
      assert.ok(body !== null && body !== undefined);
      assert.deepEqual('text' in body ? Buffer.from(body.text, 'utf8') : Buffer.from(body.base64, 'base64'), expected.body);
      assert.equal('text' in body, name !== 'der', 'PEM and JSON are text, DER is bytes');
    });
  }

  test('raw/accepted: 202, and the warnings OpenBao puts in its body', async () => {
    const expected = await http('PUT', 'custom/raw/accepted');
    assert.equal(expected.status, 202);
    const envelope = JSON.parse(expected.body.toString('utf8')) as { data: unknown; warnings: string[] };
    const result = await call(services, 'requests.handle', { path: 'custom/raw/accepted', operation: 'write' });
    assert.equal(result.status, 202);
    assert.deepEqual(result.warnings, envelope.warnings);
    assert.equal(result.data, envelope.data);
  });

  test('raw/bad: OpenBao answers 500 with the reason in X-Vault-Raw-Error; Strongroom bad_raw_reply with the same reason', async () => {
    const expected = await http('GET', 'custom/raw/bad');
    assert.equal(expected.status, 500);
    const error = await callError(services, 'requests.handle', { path: 'custom/raw/bad', operation: 'read' });
    assert.equal(error.code, 'bad_raw_reply');
    assert.equal(error.detail?.['httpStatus'], expected.status);
    assert.equal(error.detail?.['reason'], expected.rawError);
  });

  test("OpenBao's audit HMACs http_raw_body as the base64 string the plugin sent, as Strongroom's does", async () => {
    await http('GET', 'custom/raw/der');
    type Entry = { type: string; request?: { path?: string }; response?: { data?: Record<string, unknown> } };
    const entries = fs.readFileSync(auditFile ?? '', 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Entry);
    const response = entries.filter((e) => e.type === 'response' && e.request?.path === 'custom/raw/der').at(-1);
    const audited = response?.response?.data?.['http_raw_body'];
    assert.match(String(audited), /^hmac-sha256:/);
    const der = (await call(services, 'requests.handle', { path: 'custom/raw/der', operation: 'read' })).raw?.body;
    assert.ok(der !== null && der !== undefined && 'base64' in der);
    const asBase64 = await bao.request('PUT', 'sys/audit-hash/file', { input: der.base64 });
    const hash = (asBase64.body?.['data'] as { hash?: string } | undefined)?.hash ?? asBase64.body?.['hash'];
    assert.equal(audited, hash, JSON.stringify(asBase64));
  });
});
