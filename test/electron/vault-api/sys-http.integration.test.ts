/**
 * The sys paths of the HTTP layer (health, seal-status, leader, init, unseal, seal) on a fresh
 * Strongroom and, request for request, on a fresh (uninitialised, non-dev) OpenBao: statuses and
 * the shape of every answer (field names and JSON types) must match.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startUninitialisedOpenBao, type UninitialisedOpenBao } from '../../support/openbao';
import { apiRequest, startApiHarness, type ApiHarness, type ApiReply } from './api-harness';

/** Field name → JSON type, for comparing answers whose values (ids, times, versions) differ. */
function shapeOf(body: Record<string, unknown> | undefined): Record<string, string> {
  const shape: Record<string, string> = {};
  for (const [key, value] of Object.entries(body ?? {})) shape[key] = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return shape;
}

describe('sys/ in the HTTP layer, compared with OpenBao', () => {
  let harness: ApiHarness;
  let bao: UninitialisedOpenBao;
  let baoToken = '';
  let baoKey = '';
  let ourKey = '';

  before(async () => {
    [harness, bao] = await Promise.all([startApiHarness(), startUninitialisedOpenBao()]);
  });
  after(async () => {
    await Promise.all([harness?.close(), bao?.stop()]);
  });

  /** The same request to both; asserts the statuses match and returns both answers. */
  async function both(method: string, path: string, options: { body?: unknown; ourToken?: string; baoToken?: string } = {}): Promise<{ ours: ApiReply; theirs: ApiReply }> {
    const [ours, theirs] = await Promise.all([
      apiRequest(harness.api.url, method, path, { body: options.body, ...(options.ourToken ? { token: options.ourToken } : {}) }),
      apiRequest(bao.url, method, path, { body: options.body, ...(options.baoToken ? { token: options.baoToken } : {}) }),
    ]);
    assert.equal(ours.status, theirs.status, `${method} ${path}: ours ${ours.status} ${ours.text} vs OpenBao ${theirs.status} ${theirs.text}`);
    for (const reply of [ours, theirs]) {
      assert.equal(reply.headers.get('cache-control'), 'no-store');
      if (reply.status !== 204 && reply.text !== '') assert.equal(reply.headers.get('content-type'), 'application/json');
    }
    return { ours, theirs };
  }

  test('before init: health 501, seal-status, init and leader answer like OpenBao', async () => {
    const health = await both('GET', 'sys/health');
    assert.equal(health.ours.status, 501);
    assert.deepEqual(shapeOf(health.ours.body), shapeOf(health.theirs.body));
    assert.match(String(health.ours.body?.['version']), /^\d+\.\d+\.\d+/);
    const status = await both('GET', 'sys/seal-status');
    assert.deepEqual(shapeOf(status.ours.body), shapeOf(status.theirs.body));
    for (const field of ['type', 'initialized', 'sealed', 't', 'n', 'progress', 'nonce', 'recovery_seal', 'migration']) {
      assert.deepEqual(status.ours.body?.[field], status.theirs.body?.[field], field);
    }
    assert.deepEqual((await both('GET', 'sys/init')).ours.body, { initialized: false });
    const leader = await both('GET', 'sys/leader');
    assert.deepEqual(leader.ours.body, leader.theirs.body);
  });

  test('before init: a logical read is 503 "Vault is sealed" and unseal is a 400', async () => {
    const read = await both('GET', 'secret/app', { ourToken: 'any', baoToken: 'any' });
    assert.equal(read.ours.status, 503);
    assert.match(String((read.ours.body?.['errors'] as string[])[0]), /^Vault is sealed: .*sys\/init/);
    await both('PUT', 'sys/unseal', { body: { key: 'abc' } });
  });

  test('init with more than one share is refused, saying to use one', async () => {
    const reply = await apiRequest(harness.api.url, 'PUT', 'sys/init', { body: { secret_shares: 5, secret_threshold: 3 } });
    assert.equal(reply.status, 400);
    assert.match(String((reply.body?.['errors'] as string[])[0]), /-key-shares=1 -key-threshold=1/);
    assert.equal((await apiRequest(harness.api.url, 'GET', 'sys/init')).body?.['initialized'], false, 'nothing was initialised');
  });

  test("init with Vault's one share returns one key in hex and base64, and a root token field", async () => {
    const init = await both('PUT', 'sys/init', { body: { secret_shares: 1, secret_threshold: 1 } });
    assert.deepEqual(shapeOf(init.ours.body), shapeOf(init.theirs.body));
    const keys = init.ours.body?.['keys'] as string[];
    const base64 = init.ours.body?.['keys_base64'] as string[];
    assert.equal(keys.length, 1);
    assert.match(keys[0]!, /^[0-9a-f]{64}$/);
    assert.equal(Buffer.from(base64[0]!, 'base64').toString('hex'), keys[0]);
    ourKey = base64[0]!;
    baoKey = (init.theirs.body?.['keys_base64'] as string[])[0]!;
    baoToken = String(init.theirs.body?.['root_token']);
    harness.token = String(init.ours.body?.['root_token']);
    assert.match(harness.token, /^s\./, 'the real root token from the token store');
    // OpenBao stays sealed after init; Strongroom unseals (its first run is the UI's): seal to compare.
    assert.equal((await apiRequest(harness.api.url, 'PUT', 'sys/seal')).status, 403, 'sealing needs a token');
    assert.equal((await apiRequest(harness.api.url, 'PUT', 'sys/seal', { token: harness.token })).status, 204);
  });

  test('sealed: health 503, seal-status t=n=1, reads 503, init again 400', async () => {
    const health = await both('GET', 'sys/health');
    assert.equal(health.ours.status, 503);
    assert.deepEqual(shapeOf(health.ours.body), shapeOf(health.theirs.body));
    const status = await both('GET', 'sys/seal-status');
    assert.deepEqual(shapeOf(status.ours.body), shapeOf(status.theirs.body));
    assert.equal(status.ours.body?.['t'], 1);
    assert.equal(status.ours.body?.['n'], 1);
    const read = await both('GET', 'secret/app', { ourToken: harness.token, baoToken });
    assert.match(String((read.ours.body?.['errors'] as string[])[0]), /^Vault is sealed: .*unseal/);
    const again = await both('PUT', 'sys/init', { body: { secret_shares: 1, secret_threshold: 1 } });
    assert.equal(again.ours.status, 400);
    assert.match(String((again.ours.body?.['errors'] as string[])[0]), /already initialized/);
  });

  test('health takes the *code parameters and refuses a code that is no status', async () => {
    const custom = await both('GET', 'sys/health?sealedcode=299&uninitcode=298&standbyok=true');
    assert.equal(custom.ours.status, 299);
    await both('GET', 'sys/health?sealedcode=abc');
    const head = await both('HEAD', 'sys/health');
    assert.equal(head.ours.text, '');
  });

  test('unseal: no key 400, reset, a wrong key 400, then the base64 key unseals', async () => {
    await both('PUT', 'sys/unseal', { body: {} });
    const reset = await both('PUT', 'sys/unseal', { body: { reset: true } });
    assert.deepEqual(shapeOf(reset.ours.body), shapeOf(reset.theirs.body));
    await both('PUT', 'sys/unseal', { body: { key: '00'.repeat(32) } });
    assert.equal((await apiRequest(harness.api.url, 'GET', 'sys/seal-status')).body?.['sealed'], true, 'a wrong key changes nothing');
    const [ours, theirs] = await Promise.all([
      apiRequest(harness.api.url, 'PUT', 'sys/unseal', { body: { key: ourKey } }),
      apiRequest(bao.url, 'PUT', 'sys/unseal', { body: { key: baoKey } }),
    ]);
    assert.equal(ours.status, 200);
    assert.equal(theirs.status, 200);
    assert.equal(ours.body?.['sealed'], false);
    assert.deepEqual(shapeOf(ours.body), shapeOf(theirs.body));
  });

  test('unsealed: health 200 with the cluster, leader, activecode', async () => {
    const health = await both('GET', 'sys/health');
    assert.equal(health.ours.status, 200);
    assert.deepEqual(shapeOf(health.ours.body), shapeOf(health.theirs.body));
    assert.equal(health.ours.body?.['replication_dr_mode'], 'disabled');
    assert.match(String(health.ours.body?.['cluster_id']), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal((await both('GET', 'sys/health?activecode=299')).ours.status, 299);
    const leader = await both('GET', 'sys/leader');
    assert.deepEqual(leader.ours.body, leader.theirs.body);
    const status = await both('GET', 'sys/seal-status');
    assert.deepEqual(shapeOf(status.ours.body), shapeOf(status.theirs.body));
  });

  test('the unauthenticated sys paths refuse other methods with 405 and Allow', async () => {
    const reply = await apiRequest(harness.api.url, 'DELETE', 'sys/health');
    assert.equal(reply.status, 405);
    assert.equal(reply.headers.get('allow'), 'GET, HEAD');
  });
});

describe("sys/init with Strongroom's passphrase", () => {
  let harness: ApiHarness;
  before(async () => {
    harness = await startApiHarness();
  });
  after(async () => harness?.close());

  test('init takes {"passphrase"}, returns no unseal keys, and unseal takes the passphrase', async () => {
    const short = await apiRequest(harness.api.url, 'PUT', 'sys/init', { body: { passphrase: 'short' } });
    assert.equal(short.status, 400, short.text);
    const init = await apiRequest(harness.api.url, 'PUT', 'sys/init', { body: { passphrase: 'correct horse battery staple' } });
    assert.equal(init.status, 200, init.text);
    assert.deepEqual(init.body?.['keys'], []);
    harness.token = String(init.body?.['root_token']);
    const self = await apiRequest(harness.api.url, 'GET', 'auth/token/lookup-self', { token: harness.token });
    assert.equal(self.status, 200, self.text);
    assert.deepEqual((self.body?.['data'] as { policies: string[] }).policies, ['root']);
    assert.equal((await apiRequest(harness.api.url, 'PUT', 'sys/seal', { token: harness.token })).status, 204);
    const wrong = await apiRequest(harness.api.url, 'PUT', 'sys/unseal', { body: { key: 'not the passphrase' } });
    assert.equal(wrong.status, 400);
    const unsealed = await apiRequest(harness.api.url, 'PUT', 'sys/unseal', { body: { key: 'correct horse battery staple' } });
    assert.equal(unsealed.status, 200);
    assert.equal(unsealed.body?.['sealed'], false);
  });
});
