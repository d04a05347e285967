/**
 * Logical paths over the Vault HTTP API: the real KV plugin mounted as v1 (`kv1/`) and v2 (`kv2/`)
 * on Strongroom, and OpenBao's KV at the same paths on a dev server; each request goes to both and
 * the statuses, bodies (values where they are not ids or times, else the shape) must match.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OPENBAO_DEV_ROOT_TOKEN, startOpenBao, type OpenBaoServer } from '../../support/openbao';
import { call } from '../core/core-helpers';
import { apiRequest, startApiHarness, type ApiHarness, type ApiReply } from './api-harness';

const ENVELOPE = ['request_id', 'lease_id', 'renewable', 'lease_duration', 'data', 'wrap_info', 'warnings', 'auth'];

function shapeOf(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value !== 'object') return typeof value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, shapeOf(inner)]));
}

describe('logical paths: KV v1 and v2 on Strongroom and OpenBao', () => {
  let harness: ApiHarness;
  let bao: OpenBaoServer;
  let baoDir: string;

  before(async () => {
    baoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-bao-plugins-'));
    [harness, bao] = await Promise.all([startApiHarness(), startOpenBao(baoDir)]);
    await harness.init();
    await call(harness.services, 'plugins.register', { type: 'secret', name: 'kv', command: 'vault-plugin-secrets-kv' });
    await call(harness.services, 'mounts.enable', { path: 'kv1', type: 'kv', options: { version: '1' } });
    await call(harness.services, 'mounts.enable', { path: 'kv2', type: 'kv', options: { version: '2' } });
    assert.equal((await bao.request('POST', 'sys/mounts/kv1', { type: 'kv', options: { version: '1' } })).status, 204);
    assert.equal((await bao.request('POST', 'sys/mounts/kv2', { type: 'kv', options: { version: '2' } })).status, 204);
  });
  after(async () => {
    await Promise.all([harness?.close(), bao?.stop()]);
    fs.rmSync(baoDir, { recursive: true, force: true });
  });

  async function both(method: string, apiPath: string, options: { body?: unknown; headers?: Record<string, string>; token?: string | null } = {}): Promise<{ ours: ApiReply; theirs: ApiReply }> {
    const ourToken = options.token === undefined ? harness.token : options.token;
    const baoToken = options.token === undefined ? OPENBAO_DEV_ROOT_TOKEN : options.token;
    const common = { ...(options.body === undefined ? {} : { body: options.body }), ...(options.headers ? { headers: options.headers } : {}) };
    const [ours, theirs] = await Promise.all([
      apiRequest(harness.api.url, method, apiPath, { ...common, ...(ourToken === null ? {} : { token: ourToken }) }),
      apiRequest(bao.url, method, apiPath, { ...common, ...(baoToken === null ? {} : { token: baoToken }) }),
    ]);
    assert.equal(ours.status, theirs.status, `${method} ${apiPath}: ours ${ours.status} ${ours.text} vs OpenBao ${theirs.status} ${theirs.text}`);
    assert.equal(ours.headers.get('cache-control'), 'no-store');
    assert.equal(ours.headers.get('content-type'), 'application/json', `${method} ${apiPath}`);
    assert.equal(ours.headers.get('access-control-allow-origin'), null, 'no CORS headers');
    return { ours, theirs };
  }

  test('KV v1: write 204, read in the envelope, list three ways, delete', async () => {
    assert.equal((await both('PUT', 'kv1/app', { body: { user: 'u', password: 'p' } })).ours.status, 204);
    const read = await both('GET', 'kv1/app');
    assert.deepEqual(read.ours.body?.['data'], { user: 'u', password: 'p' });
    for (const key of ENVELOPE) assert.ok(Object.hasOwn(read.ours.body ?? {}, key), `envelope has ${key}`);
    assert.deepEqual(Object.keys(read.theirs.body ?? {}).filter((key) => !ENVELOPE.includes(key)), []);
    assert.equal(read.ours.body?.['mount_type'], 'kv');
    assert.match(String(read.ours.body?.['request_id']), /^[0-9a-f-]{36}$/);
    for (const key of ['lease_id', 'renewable', 'wrap_info', 'warnings', 'auth']) assert.deepEqual(read.ours.body?.[key], read.theirs.body?.[key], key);
    await both('PUT', 'kv1/team/db', { body: { x: '1' } });
    for (const [method, apiPath] of [['LIST', 'kv1/'], ['GET', 'kv1/?list=true'], ['GET', 'kv1?list=True'], ['GET', 'kv1/?list=1']] as const) {
      const listed = await both(method, apiPath);
      assert.deepEqual(listed.ours.body?.['data'], { keys: ['app', 'team/'] }, `${method} ${apiPath}`);
      assert.deepEqual(listed.ours.body?.['data'], listed.theirs.body?.['data']);
    }
    assert.equal((await both('DELETE', 'kv1/team/db')).ours.status, 204);
  });

  test('a read of nothing and a list without keys are 404 {"errors":[]}', async () => {
    for (const [method, apiPath] of [['GET', 'kv1/missing'], ['LIST', 'kv1/nothing/'], ['GET', 'kv2/data/missing']] as const) {
      const reply = await both(method, apiPath);
      assert.equal(reply.ours.status, 404);
      assert.deepEqual(reply.ours.body, { errors: [] });
      assert.deepEqual(reply.theirs.body, { errors: [] });
    }
  });

  test('help: ?help=1 (and HELP) answers the plugin help text', async () => {
    const help = await both('GET', 'kv1/app?help=1');
    assert.match(String(help.ours.body?.['help']), /\S/);
    assert.equal(help.ours.body?.['help'], help.theirs.body?.['help']);
    const method = await apiRequest(harness.api.url, 'HELP', 'kv1/app', { token: harness.token });
    assert.equal(method.status, 200);
    assert.equal(method.body?.['help'], help.ours.body?.['help']);
  });

  test('HEAD answers a read without a body', async () => {
    const reply = await apiRequest(harness.api.url, 'HEAD', 'kv1/app', { token: harness.token });
    assert.equal(reply.status, 200);
    assert.equal(reply.text, '');
  });

  test('KV v2: write, PATCH needs merge-patch (415), query into data, soft delete is 404 with data', async () => {
    const written = await both('PUT', 'kv2/data/app', { body: { data: { password: 'p1', user: 'u' } } });
    assert.deepEqual(shapeOf(written.ours.body?.['data']), shapeOf(written.theirs.body?.['data']));
    assert.equal((written.ours.body?.['data'] as { version: number }).version, 1);
    const plainJson = await both('PATCH', 'kv2/data/app', { body: { data: { password: 'p2' } }, headers: { 'Content-Type': 'application/json' } });
    assert.equal(plainJson.ours.status, 415);
    assert.match(String((plainJson.ours.body?.['errors'] as string[])[0]), /application\/merge-patch\+json/);
    const patched = await both('PATCH', 'kv2/data/app', { body: { data: { password: 'p2' } }, headers: { 'Content-Type': 'application/merge-patch+json' } });
    assert.equal((patched.ours.body?.['data'] as { version: number }).version, 2);
    const first = await both('GET', 'kv2/data/app?version=1');
    assert.deepEqual((first.ours.body?.['data'] as { data: unknown }).data, { password: 'p1', user: 'u' });
    const latest = await both('GET', 'kv2/data/app');
    assert.deepEqual((latest.ours.body?.['data'] as { data: unknown }).data, { password: 'p2', user: 'u' });
    assert.equal((await both('DELETE', 'kv2/data/app')).ours.status, 204);
    const deleted = await both('GET', 'kv2/data/app');
    assert.equal(deleted.ours.status, 404);
    assert.deepEqual(shapeOf(deleted.ours.body?.['data']), shapeOf(deleted.theirs.body?.['data']));
    assert.notEqual((deleted.ours.body?.['data'] as { metadata: { deletion_time: string } }).metadata.deletion_time, '');
    assert.equal((await both('POST', 'kv2/undelete/app', { body: { versions: [2] } })).ours.status, 204);
    assert.equal((await both('GET', 'kv2/data/app')).ours.status, 200);
    const metadata = await both('GET', 'kv2/metadata/app');
    // OpenBao's KV is its own fork (metadata_cas_required…, no last_updated_by): compare what both have.
    const ourMetadata = metadata.ours.body?.['data'] as Record<string, unknown>;
    const theirMetadata = metadata.theirs.body?.['data'] as Record<string, unknown>;
    for (const key of ['cas_required', 'created_time', 'current_version', 'custom_metadata', 'delete_version_after', 'max_versions', 'oldest_version', 'updated_time', 'versions']) {
      assert.ok(Object.hasOwn(ourMetadata, key) && Object.hasOwn(theirMetadata, key), key);
    }
    assert.equal(ourMetadata['current_version'], theirMetadata['current_version']);
  });

  test('tokens: none or a wrong one is 403 "permission denied" alike, Bearer works', async () => {
    for (const token of [null, 'not-a-token']) {
      for (const apiPath of ['kv1/app', 'nomount/x', 'sys/mounts']) {
        const reply = await both('GET', apiPath, { token });
        assert.equal(reply.ours.status, 403);
        assert.deepEqual(reply.ours.body, { errors: ['permission denied'] });
        assert.deepEqual(reply.theirs.body, reply.ours.body);
      }
    }
    // sys/internal/ui/mounts is an unauthenticated path, but a token that is sent must be valid.
    const wrong = await both('GET', 'sys/internal/ui/mounts/kv1/app', { token: 'not-a-token' });
    assert.equal(wrong.ours.status, 403);
    assert.deepEqual(wrong.ours.body, wrong.theirs.body);
    const bearer = await apiRequest(harness.api.url, 'GET', 'kv1/app', { headers: { Authorization: `Bearer ${harness.token}` } });
    assert.equal(bearer.status, 200);
  });

  test('a request refused for its token is audited with the refusal, as Vault logs failed attempts', async () => {
    await apiRequest(harness.api.url, 'GET', 'kv1/refused-read', { token: 'not-a-token' });
    await apiRequest(harness.api.url, 'PUT', 'kv1/refused-write', { body: { secret: 'never' } });
    const { entries } = await call(harness.services, 'audit.list', { path: 'kv1/refused-' });
    const seen = entries.map((entry) => `${entry.kind} ${entry.operation} ${entry.path} ${entry.mountPath} ${entry.error?.code ?? '-'}`);
    assert.deepEqual(seen, [
      'response update kv1/refused-write kv1/ permission_denied',
      'request update kv1/refused-write kv1/ -',
      'response read kv1/refused-read kv1/ permission_denied',
      'request read kv1/refused-read kv1/ -',
    ]);
    assert.ok(entries.every((entry) => entry.accessor === null), 'no accessor');
    const requests = entries.filter((entry) => entry.kind === 'request');
    assert.deepEqual(requests.map((entry) => entry.data), [{ data: null }, { data: null }], 'nothing of an unauthenticated body is kept');
  });

  test('errors: unknown mount 404, unknown method 405 with Allow, bad JSON 400', async () => {
    const unknown = await both('GET', 'nomount/x');
    assert.equal(unknown.ours.status, 404);
    assert.match(String((unknown.ours.body?.['errors'] as string[])[0]), /nomount\/x/);
    const method = await both('PURGE', 'kv1/app');
    assert.equal(method.ours.status, 405);
    assert.match(String(method.ours.headers.get('allow')), /GET.*LIST.*HELP/);
    const malformed = await both('PUT', 'kv1/app', { body: '{"a":' });
    assert.equal(malformed.ours.status, 400);
    assert.match(String((malformed.ours.body?.['errors'] as string[])[0]), /^failed to decode JSON input/);
    assert.deepEqual((await both('GET', 'kv1/app')).ours.body?.['data'], { user: 'u', password: 'p' }, 'nothing was written');
  });

  test("a plugin's raw reply is sent as its own body, status and content type", async () => {
    await call(harness.services, 'plugins.register', { name: 'custom', command: 'strongroom-custom' });
    await call(harness.services, 'mounts.enable', { path: 'custom', type: 'custom' });
    const pem = await apiRequest(harness.api.url, 'GET', 'custom/raw/pem', { token: harness.token });
    assert.equal(pem.status, 200);
    assert.equal(pem.headers.get('content-type'), 'application/pem-certificate-chain');
    assert.equal(pem.headers.get('cache-control'), 'no-store');
    assert.match(pem.text, /^-----BEGIN CERTIFICATE-----/);
    const der = await fetch(`${harness.api.url}/v1/custom/raw/der`, { headers: { 'X-Vault-Token': harness.token } });
    assert.equal(der.headers.get('content-type'), 'application/pkix-cert');
    assert.equal(new Uint8Array(await der.arrayBuffer())[0], 0x30, 'DER bytes, not base64 text');
    const json = await apiRequest(harness.api.url, 'GET', 'custom/raw/json', { token: harness.token });
    assert.deepEqual(json.body, { keys: ['a', 'b'] }, 'the raw JSON body itself, not an envelope');
  });

  test('sys/mounts and sys/mounts/<path>/tune copy data to the top level, as Vault does for old clients', async () => {
    const mounts = await both('GET', 'sys/mounts');
    assert.ok(Object.hasOwn(mounts.ours.body ?? {}, 'kv1/'), 'kv1/ at the top level');
    assert.deepEqual(mounts.ours.body?.['kv1/'], (mounts.ours.body?.['data'] as Record<string, unknown>)['kv1/']);
    const tune = await both('GET', 'sys/mounts/kv2/tune');
    assert.ok(Object.hasOwn(tune.ours.body ?? {}, 'max_lease_ttl'));
    const catalog = await apiRequest(harness.api.url, 'GET', 'sys/plugins/catalog', { token: harness.token });
    assert.equal(Object.hasOwn(catalog.body ?? {}, 'secret'), false, 'not on paths Vault leaves alone');
  });
});
