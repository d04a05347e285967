/**
 * Replies that carry their own status, content type and body (Vault's http_status_code,
 * http_content_type, http_raw_body), served by the strongroom-custom fixture's `raw/*` paths
 * through the router, as Vault's HTTP layer would send them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppServices } from '../../../electron/core/app-services';
import type { RequestResult } from '../../../electron/common/contract/requests';
import { call, callError, installPlugins, openServices, PASSPHRASE, removeDir, tempDataDir } from './core-helpers';

/** What the fixture's path_raw.go builds: a SEQUENCE header, then every byte value. */
const DER = Buffer.from([0x30, 0x82, 0x01, 0x00, ...Array.from({ length: 256 }, (_, i) => i)]);
const DER_WARNING = "Binary body: Vault's HTTP layer sends it without this warning.";
const PEM = `-----BEGIN CERTIFICATE-----\n${DER.toString('base64').match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`;

describe('raw replies', () => {
  let services: AppServices;
  let dataDir: string;

  before(async () => {
    dataDir = tempDataDir();
    await installPlugins(dataDir, ['strongroom-custom']);
    services = await openServices(dataDir);
    await call(services, 'seal.init', { passphrase: PASSPHRASE });
    await call(services, 'plugins.register', { name: 'custom', command: 'strongroom-custom' });
    await call(services, 'mounts.enable', { path: 'custom', type: 'custom' });
  });
  after(async () => {
    await services.close();
    removeDir(dataDir);
  });

  const read = (path: string) => call(services, 'requests.handle', { path, operation: 'read' });
  const hash = async (value: string) => (await call(services, 'audit.hash', { value })).hash;
  const responseEntry = async (requestId: string) => {
    const { entries } = await call(services, 'audit.list', { requestId });
    const entry = entries.find((e) => e.kind === 'response');
    assert.ok(entry !== undefined, `no audit response for ${requestId}`);
    return entry;
  };

  test('a PEM body comes back as text with its status and content type, and no data', async () => {
    const result = await read('custom/raw/pem');
    assert.equal(result.status, 200);
    assert.equal(result.data, null);
    assert.deepEqual(result.raw, { status: 200, contentType: 'application/pem-certificate-chain', size: Buffer.byteLength(PEM), body: { text: PEM } });
  });

  test('a DER body comes back as the same bytes in base64', async () => {
    const result = await read('custom/raw/der');
    assert.equal(result.raw?.contentType, 'application/pkix-cert');
    assert.equal(result.raw?.size, DER.length);
    const body = result.raw?.body;
    assert.ok(body !== null && body !== undefined && 'base64' in body, JSON.stringify(body));
    assert.deepEqual(Buffer.from(body.base64, 'base64'), DER);
    assert.deepEqual(result.warnings, [DER_WARNING], 'a raw reply keeps its own warnings');
  });

  test('a JSON document that is no Vault response stays a raw text body', async () => {
    const result = await read('custom/raw/json');
    assert.deepEqual(result.raw, { status: 200, contentType: 'application/json', size: 18, body: { text: '{"keys":["a","b"]}' } });
    assert.equal(result.data, null);
  });

  test('a 202 written by RespondWithStatusCode keeps its status and its warning', async () => {
    const result = await call(services, 'requests.handle', { path: 'custom/raw/accepted', operation: 'write' });
    assert.equal(result.status, 202);
    assert.equal(result.raw, null);
    assert.equal(result.data, null);
    assert.deepEqual(result.warnings, ['Accepted: the work goes on in the background.']);
  });

  test('a bad raw reply answers bad_raw_reply (500) as Vault does, and the audit keeps the reply and the error', async () => {
    const error = await callError(services, 'requests.handle', { path: 'custom/raw/bad', operation: 'read' });
    assert.equal(error.code, 'bad_raw_reply');
    assert.equal(error.detail?.['httpStatus'], 500);
    assert.equal(error.detail?.['reason'], 'cannot decode content type');
    assert.match(error.message, /http_content_type must be a string/);
    const entry = await responseEntry(String(error.detail?.['requestId']));
    assert.equal(entry.error?.code, 'bad_raw_reply');
    assert.deepEqual(entry.data, {
      data: {
        http_status_code: await hash('200'),
        http_content_type: await hash('42'),
        http_raw_body: await hash(Buffer.from('unsendable').toString('base64')),
      },
      warnings: [],
      leaseId: null,
    });
  });

  test('the audit HMACs a raw body as the string the plugin sent (base64 of the bytes), as Vault audits a plugin reply', async () => {
    const result = await read('custom/raw/der');
    const entry = await responseEntry(result.requestId);
    assert.equal(entry.error, null);
    assert.deepEqual(entry.data, {
      data: {
        http_status_code: await hash('200'),
        http_content_type: await hash('application/pkix-cert'),
        http_raw_body: await hash(DER.toString('base64')),
      },
      warnings: [DER_WARNING],
      leaseId: null,
    });
  });

  test('ordinary replies keep their data, with status 200, or 204 when there is no reply', async () => {
    await call(services, 'requests.handle', { path: 'custom/config', operation: 'write', data: { custom_prefix: 'Hi ' } });
    const hello = await read('custom/hello/ann');
    assert.equal(hello.status, 200);
    assert.equal(hello.raw, null);
    assert.deepEqual(hello.data, { message: 'Hi ann' });
    await call(services, 'requests.handle', { path: 'custom/users/bob', operation: 'write', data: { email: 'bob@example.com' } });
    const deleted = await call(services, 'requests.handle', { path: 'custom/users/bob', operation: 'delete' });
    assert.equal(deleted.status, 204);
    assert.equal(deleted.data, null);
  });

  test('every reply shape crosses both transports unchanged: structured clone (IPC) and JSON (headless)', async () => {
    const results: RequestResult[] = [await read('custom/raw/pem'), await read('custom/raw/der'), await call(services, 'requests.handle', { path: 'custom/raw/accepted', operation: 'write' })];
    for (const result of results) {
      assert.deepEqual(structuredClone(result), result);
      assert.deepEqual(JSON.parse(JSON.stringify(result)), result);
    }
  });
});
