/**
 * A plugin's unauthenticated special paths (`PathsSpecial.Unauthenticated`) take no token, on any
 * mount, as in OpenBao: Vault's PKI engine (the same binary, `vault-builtin-pki`, on a real OpenBao
 * dev server and on Strongroom) serves its CA at `ca/pem` to anyone, while its other paths still
 * refuse a request without a token. Same requests over both HTTP APIs, same statuses and bodies.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixturePath } from '../../fixtures/plugins/fixtures';
import { OPENBAO_DEV_ROOT_TOKEN, startOpenBao, type OpenBaoServer } from '../../support/openbao';
import { installPlugins } from '../core/core-helpers';
import { apiRequest, startApiHarness, type ApiHarness, type ApiReply } from './api-harness';

const PKI = 'vault-builtin-pki';

describe("a plugin's unauthenticated paths, without a token, in Strongroom and OpenBao alike", () => {
  let harness: ApiHarness;
  let bao: OpenBaoServer;
  let pluginDir: string;

  /** The same request to both; `root` false sends no token. The statuses must agree. */
  const both = async (method: string, apiPath: string, options: { root?: boolean; body?: unknown } = {}) => {
    const ask = (url: string, token: string) => apiRequest(url, method, apiPath, { ...(options.root === false ? {} : { token }), ...(options.body === undefined ? {} : { body: options.body }) });
    const openbao: ApiReply = await ask(bao.url, OPENBAO_DEV_ROOT_TOKEN);
    const strongroom: ApiReply = await ask(harness.api.url, harness.token);
    assert.equal(strongroom.status, openbao.status, `${method} ${apiPath}: OpenBao ${openbao.text} / Strongroom ${strongroom.text}`);
    return { openbao, strongroom };
  };

  before(async () => {
    harness = await startApiHarness();
    await harness.init();
    await installPlugins(harness.dataDir, [PKI]);
    pluginDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-openbao-unauth-'));
    bao = await startOpenBao(pluginDir);
    fs.copyFileSync(fixturePath(PKI), path.join(pluginDir, PKI));
    fs.chmodSync(path.join(pluginDir, PKI), 0o755);
    const sha256 = createHash('sha256').update(fs.readFileSync(fixturePath(PKI))).digest('hex');
    await both('PUT', 'sys/plugins/catalog/secret/extpki', { body: { sha256, command: PKI } });
    await both('POST', 'sys/mounts/pki', { body: { type: 'extpki' } });
    const generated = await both('POST', 'pki/root/generate/internal', { body: { common_name: 'Unauthenticated Test Root', ttl: '24h' } });
    assert.equal(generated.openbao.status, 200, generated.openbao.text);
  });
  after(async () => {
    await harness?.close();
    await bao?.stop();
    fs.rmSync(pluginDir, { recursive: true, force: true });
  });

  test('ca/pem answers its PEM without a token', async () => {
    const { openbao, strongroom } = await both('GET', 'pki/ca/pem', { root: false });
    assert.equal(openbao.status, 200);
    assert.match(strongroom.text, /^-----BEGIN CERTIFICATE-----/);
    assert.equal(strongroom.headers.get('content-type'), openbao.headers.get('content-type'));
  });

  test('its other paths still refuse a request without a token', async () => {
    const { strongroom } = await both('LIST', 'pki/roles', { root: false });
    assert.equal(strongroom.status, 403);
    await both('POST', 'pki/roles/web', { root: false, body: { allowed_domains: 'example.com' } });
  });
});
