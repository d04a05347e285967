/**
 * Response wrapping over the Vault HTTP API, side by side with an OpenBao 2.7.2 dev server: the
 * same requests (X-Vault-Wrap-TTL on a KV read and a token create, sys/wrapping/wrap, unwrap,
 * lookup, rewrap, a plugin's raw reply, and the bad input of each) to both, the same status, the same keys and value
 * types, and the same values where they are not ids or times.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fixturePath } from '../../fixtures/plugins/fixtures';
import { OPENBAO_DEV_ROOT_TOKEN, startOpenBao, type OpenBaoServer } from '../../support/openbao';
import { call } from '../core/core-helpers';
import { apiRequest, startApiHarness, type ApiHarness, type ApiReply } from './api-harness';

type Pair = { ours: ApiReply; theirs: ApiReply };
type Side = 'ours' | 'theirs';
/** A token per side (each server issues its own), or null for no X-Vault-Token at all. */
type Tokens = { ours: string | null; theirs: string | null };

function shapeOf(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value !== 'object') return typeof value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, shapeOf(inner)]).sort(([a], [b]) => String(a).localeCompare(String(b))));
}

const obj = (value: unknown) => (value ?? null) as Record<string, unknown> | null;
/** OpenBao 2.7.2 sends no mount_type; Strongroom does (root README's table of differences). */
function envelopeKeys(body: Record<string, unknown> | undefined): string[] {
  return Object.keys(body ?? {}).filter((key) => key !== 'mount_type').sort();
}

describe('response wrapping on Strongroom and OpenBao', () => {
  let harness: ApiHarness;
  let bao: OpenBaoServer;
  let baoDir: string;
  const root = (): Tokens => ({ ours: harness.token, theirs: OPENBAO_DEV_ROOT_TOKEN });

  before(async () => {
    baoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-bao-wrap-'));
    [harness, bao] = await Promise.all([startApiHarness(), startOpenBao(baoDir)]);
    await harness.init();
    await call(harness.services, 'plugins.register', { type: 'secret', name: 'kv', command: 'vault-plugin-secrets-kv' });
    await call(harness.services, 'mounts.enable', { path: 'kv2', type: 'kv', options: { version: '2' } });
    assert.equal((await bao.request('POST', 'sys/mounts/kv2', { type: 'kv', options: { version: '2' } })).status, 204);
    // The raw-reply fixture on both: copied into OpenBao's plugin directory after its start (bao -dev mounts what it finds there).
    const binary = fixturePath('strongroom-custom');
    fs.copyFileSync(binary, path.join(baoDir, 'strongroom-custom'));
    fs.chmodSync(path.join(baoDir, 'strongroom-custom'), 0o755);
    const sha256 = createHash('sha256').update(fs.readFileSync(binary)).digest('hex');
    assert.ok((await bao.request('PUT', 'sys/plugins/catalog/secret/custom', { sha256, command: 'strongroom-custom' })).status < 300);
    assert.ok((await bao.request('POST', 'sys/mounts/custom', { type: 'custom' })).status < 300);
    await call(harness.services, 'plugins.register', { name: 'custom', command: 'strongroom-custom' });
    await call(harness.services, 'mounts.enable', { path: 'custom', type: 'custom' });
    // HashiCorp's KV under another name, so a TTL in a v1 secret makes a lease on both hosts.
    const kv = fixturePath('vault-plugin-secrets-kv');
    fs.copyFileSync(kv, path.join(baoDir, 'leasedkv'));
    fs.chmodSync(path.join(baoDir, 'leasedkv'), 0o755);
    const kvSha = createHash('sha256').update(fs.readFileSync(kv)).digest('hex');
    assert.ok((await bao.request('PUT', 'sys/plugins/catalog/secret/leasedkv', { sha256: kvSha, command: 'leasedkv' })).status < 300);
    assert.ok((await bao.request('POST', 'sys/mounts/leased', { type: 'leasedkv' })).status < 300);
    await call(harness.services, 'plugins.register', { name: 'leasedkv', command: 'vault-plugin-secrets-kv' });
    await call(harness.services, 'mounts.enable', { path: 'leased', type: 'leasedkv' });
  });
  after(async () => {
    await Promise.all([harness?.close(), bao?.stop()]);
    fs.rmSync(baoDir, { recursive: true, force: true });
  });

  async function both(method: string, apiPath: string, options: { body?: (side: Side) => unknown; wrapTtl?: string; tokens?: Tokens } = {}): Promise<Pair> {
    const tokens = options.tokens ?? root();
    const send = (side: Side, url: string) => {
      const token = tokens[side];
      const body = options.body?.(side);
      return apiRequest(url, method, apiPath, {
        ...(token === null ? {} : { token }),
        ...(body === undefined ? {} : { body }),
        ...(options.wrapTtl === undefined ? {} : { headers: { 'X-Vault-Wrap-TTL': options.wrapTtl } }),
      });
    };
    const [ours, theirs] = await Promise.all([send('ours', harness.api.url), send('theirs', bao.url)]);
    assert.equal(ours.status, theirs.status, `${method} ${apiPath}: ours ${ours.status} ${ours.text} vs OpenBao ${theirs.status} ${theirs.text}`);
    assert.equal(ours.headers.get('content-type'), theirs.headers.get('content-type'), `${method} ${apiPath}: content type`);
    return { ours, theirs };
  }

  /** Both answered a wrapping: the same envelope keys, wrap_info keys and types, TTL and creation path. */
  function wrapped(pair: Pair, ttl: number, creationPath: string): Tokens {
    assert.deepEqual(envelopeKeys(pair.ours.body), envelopeKeys(pair.theirs.body), 'envelope keys');
    for (const side of ['ours', 'theirs'] as const) {
      const body = pair[side].body;
      assert.equal(body?.['data'], null, `${side}: no data beside wrap_info`);
      assert.equal(body?.['request_id'], '', `${side}: a wrapped envelope has no request id`);
      assert.equal(obj(body?.['wrap_info'])?.['ttl'], ttl, `${side}: ttl`);
      assert.equal(obj(body?.['wrap_info'])?.['creation_path'], creationPath, `${side}: creation_path`);
      assert.match(String(obj(body?.['wrap_info'])?.['token']), /^s\.[A-Za-z0-9]{24}$/, `${side}: token format`);
    }
    assert.deepEqual(shapeOf(pair.ours.body?.['wrap_info']), shapeOf(pair.theirs.body?.['wrap_info']), 'wrap_info keys and types');
    return { ours: String(obj(pair.ours.body?.['wrap_info'])?.['token']), theirs: String(obj(pair.theirs.body?.['wrap_info'])?.['token']) };
  }

  function sameError(pair: Pair, start: string): void {
    for (const side of ['ours', 'theirs'] as const) {
      const errors = pair[side].body?.['errors'] as string[] | undefined;
      assert.ok(errors?.[0]?.startsWith(start), `${side}: "${errors?.[0]}" starts with "${start}"`);
    }
  }

  test('a wrapped KV read: wrap_info, the token behind it, lookup, unwrap once', async () => {
    await both('POST', 'kv2/data/app', { body: () => ({ data: { user: 'u', password: 'p' } }) });
    const plain = await both('GET', 'kv2/data/app');
    const wrappedRead = await both('GET', 'kv2/data/app', { wrapTtl: '5m' });
    const token = wrapped(wrappedRead, 300, 'kv2/data/app');

    const asToken = await both('POST', 'auth/token/lookup', { body: (side) => ({ token: token[side] }) });
    for (const key of ['policies', 'num_uses', 'orphan', 'path', 'display_name', 'renewable', 'explicit_max_ttl', 'creation_ttl', 'meta', 'type']) {
      assert.deepEqual(obj(asToken.ours.body?.['data'])?.[key], obj(asToken.theirs.body?.['data'])?.[key], `the wrapping token's ${key}`);
    }
    assert.deepEqual(shapeOf(asToken.ours.body?.['data']), shapeOf(asToken.theirs.body?.['data']), 'the wrapping token lookup');

    // Unauthenticated: the token in the body, or in the header without spending it.
    const lookedUp = await both('POST', 'sys/wrapping/lookup', { body: (side) => ({ token: token[side] }), tokens: { ours: null, theirs: null } });
    const headerLookup = await both('GET', 'sys/wrapping/lookup', { tokens: token });
    for (const pair of [lookedUp, headerLookup]) {
      assert.deepEqual(shapeOf(pair.ours.body?.['data']), shapeOf(pair.theirs.body?.['data']), 'lookup data');
      assert.equal(obj(pair.ours.body?.['data'])?.['creation_ttl'], 300);
      assert.equal(obj(pair.ours.body?.['data'])?.['creation_path'], 'kv2/data/app');
      assert.equal(obj(pair.ours.body?.['data'])?.['creation_time'], obj(wrappedRead.ours.body?.['wrap_info'])?.['creation_time']);
    }

    const unwrapped = await both('POST', 'sys/wrapping/unwrap', { tokens: token });
    assert.deepEqual(envelopeKeys(unwrapped.ours.body), envelopeKeys(unwrapped.theirs.body), 'the unwrapped envelope');
    assert.deepEqual(obj(unwrapped.ours.body?.['data'])?.['data'], { user: 'u', password: 'p' });
    assert.deepEqual(shapeOf(unwrapped.ours.body?.['data']), shapeOf(unwrapped.theirs.body?.['data']), 'the unwrapped data');
    assert.deepEqual(obj(unwrapped.ours.body?.['data']), obj(plain.ours.body?.['data']), 'exactly what the read answered');
    assert.notEqual(unwrapped.ours.body?.['request_id'], '', 'the wrapped request id comes back with its reply');

    // The spent token as the caller is no wrapping token any more: 400, not 403, as OpenBao checks it before the token.
    sameError(await both('POST', 'sys/wrapping/unwrap', { tokens: token }), 'wrapping token is not valid or does not exist');
    sameError(await both('POST', 'sys/wrapping/unwrap', { body: (side) => ({ token: token[side] }) }), 'wrapping token is not valid or does not exist');
    sameError(await both('POST', 'sys/wrapping/lookup', { body: (side) => ({ token: token[side] }), tokens: { ours: null, theirs: null } }), 'wrapping token is not valid or does not exist');
  });

  test('sys/wrapping/wrap and rewrap; unwrap by a third party', async () => {
    sameError(await both('POST', 'sys/wrapping/wrap', { body: () => ({ a: 'b' }) }), 'endpoint requires response wrapping to be used');
    const token = wrapped(await both('POST', 'sys/wrapping/wrap', { body: () => ({ a: 'b', n: 3, nested: { x: [1, 2] } }), wrapTtl: '90' }), 90, 'sys/wrapping/wrap');
    const rewrapped = wrapped(await both('POST', 'sys/wrapping/rewrap', { body: (side) => ({ token: token[side] }), wrapTtl: '10m' }), 90, 'sys/wrapping/wrap');
    sameError(await both('POST', 'sys/wrapping/unwrap', { body: (side) => ({ token: token[side] }) }), 'wrapping token is not valid or does not exist');
    const shorter = wrapped(await both('POST', 'sys/wrapping/rewrap', { body: (side) => ({ token: rewrapped[side] }), wrapTtl: '30' }), 30, 'sys/wrapping/wrap');
    const unwrapped = await both('POST', 'sys/wrapping/unwrap', { body: (side) => ({ token: shorter[side] }) });
    assert.deepEqual(unwrapped.ours.body?.['data'], { a: 'b', n: 3, nested: { x: [1, 2] } });
    assert.deepEqual(unwrapped.ours.body?.['data'], unwrapped.theirs.body?.['data']);
  });

  test('a wrapped token create: wrapped_accessor, and the token inside works once unwrapped', async () => {
    const pair = await both('POST', 'auth/token/create', { body: () => ({ policies: ['app'], ttl: '1h' }), wrapTtl: '1m' });
    const token = wrapped(pair, 60, 'auth/token/create');
    const unwrapped = await both('POST', 'sys/wrapping/unwrap', { tokens: token });
    const auth = (side: Side) => obj(unwrapped[side].body?.['auth']);
    assert.deepEqual(shapeOf(auth('ours')), shapeOf(auth('theirs')), 'the unwrapped auth block');
    for (const side of ['ours', 'theirs'] as const) {
      assert.equal(obj(pair[side].body?.['wrap_info'])?.['wrapped_accessor'], auth(side)?.['accessor'], `${side}: wrapped_accessor names the token inside`);
    }
    const inner = { ours: String(auth('ours')?.['client_token']), theirs: String(auth('theirs')?.['client_token']) };
    const self = await both('GET', 'auth/token/lookup-self', { tokens: inner });
    assert.deepEqual(obj(self.ours.body?.['data'])?.['policies'], ['app', 'default']);
  });

  test('a leased secret unwraps with its lease, which is live', async () => {
    await both('POST', 'leased/app', { body: () => ({ ttl: '1h', a: 'b' }) });
    const token = wrapped(await both('GET', 'leased/app', { wrapTtl: '1m' }), 60, 'leased/app');
    const unwrapped = await both('POST', 'sys/wrapping/unwrap', { tokens: token });
    for (const side of ['ours', 'theirs'] as const) {
      const body = unwrapped[side].body;
      assert.match(String(body?.['lease_id']), /^leased\/app\/[A-Za-z0-9]{24}$/, `${side}: the lease id`);
      assert.equal(body?.['lease_duration'], 3600, `${side}: lease_duration`);
      assert.deepEqual(body?.['data'], { a: 'b', ttl: '1h' }, `${side}: data`);
    }
    assert.equal(unwrapped.ours.body?.['renewable'], unwrapped.theirs.body?.['renewable'], 'renewable');
    const lease = await both('POST', 'sys/leases/lookup', { body: (side) => ({ lease_id: unwrapped[side].body?.['lease_id'] }) });
    assert.equal(obj(lease.ours.body?.['data'])?.['id'], unwrapped.ours.body?.['lease_id'], 'the lease it names exists');
  });

  test("a plugin's raw reply unwraps to the same status, content type and bytes", async () => {
    for (const rawPath of ['custom/raw/pem', 'custom/raw/der']) {
      const direct = await fetch(`${harness.api.url}/v1/${rawPath}`, { headers: { 'X-Vault-Token': harness.token } });
      const directBytes = Buffer.from(await direct.arrayBuffer());
      const token = wrapped(await both('GET', rawPath, { wrapTtl: '1m' }), 60, rawPath);
      const [ours, theirs] = await Promise.all(
        ([[harness.api.url, token.ours], [bao.url, token.theirs]] as const).map(([url, wrapping]) => fetch(`${url}/v1/sys/wrapping/unwrap`, { method: 'POST', headers: { 'X-Vault-Token': wrapping ?? '' } })),
      );
      assert.ok(ours !== undefined && theirs !== undefined);
      assert.equal(ours.status, theirs.status, `${rawPath}: unwrap status`);
      assert.equal(ours.headers.get('content-type'), theirs.headers.get('content-type'), `${rawPath}: content type`);
      const [ourBytes, theirBytes] = await Promise.all([ours.arrayBuffer(), theirs.arrayBuffer()]);
      assert.deepEqual(Buffer.from(ourBytes), directBytes, `${rawPath}: the bytes the read answered`);
      assert.equal(Buffer.from(ourBytes).length, Buffer.from(theirBytes).length, `${rawPath}: as long as OpenBao's`);
    }
  });

  test('bad input: wrap TTLs, used, expired and ordinary tokens, a wrapping token used for anything else', async () => {
    sameError(await both('GET', 'kv2/data/app', { wrapTtl: 'abc' }), 'error parsing X-Vault-Wrap-TTL header');
    sameError(await both('GET', 'kv2/data/app', { wrapTtl: '-5' }), 'error parsing X-Vault-Wrap-TTL header');
    // No upper bound without a policy's max_wrapping_ttl, in OpenBao as here.
    wrapped(await both('GET', 'kv2/data/app', { wrapTtl: '100000h' }), 360_000_000, 'kv2/data/app');

    sameError(await both('POST', 'sys/wrapping/unwrap', { body: (side) => ({ token: root()[side] }) }), 'wrapping token is not valid or does not exist');
    sameError(await both('POST', 'sys/wrapping/unwrap'), 'wrapping token is not valid or does not exist');
    sameError(await both('POST', 'sys/wrapping/unwrap', { body: () => ({ token: 's.AAAAAAAAAAAAAAAAAAAAAAAA' }) }), 'wrapping token is not valid or does not exist');
    sameError(await both('GET', 'sys/wrapping/lookup', { tokens: { ours: null, theirs: null } }), 'error validating wrapping token: token is empty');

    const spent = wrapped(await both('GET', 'kv2/data/app', { wrapTtl: '5m' }), 300, 'kv2/data/app');
    sameError(await both('GET', 'kv2/data/app', { tokens: spent }), '');
    sameError(await both('POST', 'sys/wrapping/unwrap', { body: (side) => ({ token: spent[side] }) }), 'wrapping token is not valid or does not exist');
    const selfRewrap = wrapped(await both('GET', 'kv2/data/app', { wrapTtl: '5m' }), 300, 'kv2/data/app');
    await both('POST', 'sys/wrapping/rewrap', { tokens: selfRewrap });

    // Nothing to wrap is a 404, not a token that unwraps to nothing (the same status; OpenBao says "unsupported path").
    assert.equal((await both('LIST', 'kv2/metadata/nothing-here', { wrapTtl: '1m' })).ours.status, 404);

    const expiring = wrapped(await both('POST', 'sys/wrapping/wrap', { body: () => ({ a: 'b' }), wrapTtl: '1' }), 1, 'sys/wrapping/wrap');
    // Waits past the expiry; what is asserted is the refusal after it, not any timing.
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    sameError(await both('POST', 'sys/wrapping/unwrap', { body: (side) => ({ token: expiring[side] }) }), 'wrapping token is not valid or does not exist');
  });
});
