/**
 * Logins that go wrong, over the Vault HTTP API, with a real misbehaving auth plugin
 * (`strongroom-misbehave auth`: `login` works, `crash-login` panics mid-login, `fragile-login`'s
 * token panics the plugin when renewed): each gets a clear
 * Vault-style error, no token is issued by any of them, and Strongroom keeps serving (the crashed
 * plugin is restarted by the next request). A login's token renews through the plugin; a disabled
 * auth method's logins are refused and its tokens are gone.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { installPlugins } from '../core/core-helpers';
import { apiRequest, startApiHarness, type ApiHarness } from './api-harness';

describe('auth plugin logins that go wrong', () => {
  let harness: ApiHarness;
  const api = (method: string, path: string, options: { token?: string; body?: unknown } = {}) => apiRequest(harness.api.url, method, path, options);
  const root = (method: string, path: string, body?: unknown) => api(method, path, { token: harness.token, ...(body === undefined ? {} : { body }) });
  const accessors = async () => ((await root('LIST', 'auth/token/accessors')).body?.['data'] as { keys: string[] }).keys.sort();
  const errorOf = (reply: { body: Record<string, unknown> | undefined }) => String((reply.body?.['errors'] as string[] | undefined)?.[0]);

  before(async () => {
    harness = await startApiHarness();
    await harness.init();
    await installPlugins(harness.dataDir, ['strongroom-misbehave']);
    assert.equal((await root('PUT', 'sys/plugins/catalog/auth/misbehave', { command: 'strongroom-misbehave', args: ['auth'] })).status, 204);
    assert.equal((await root('POST', 'sys/auth/mis', { type: 'misbehave' })).status, 204);
  });
  after(async () => {
    await harness?.close();
  });

  test('a working login needs no token and gives one with the mount-prefixed display name', async () => {
    const reply = await api('POST', 'auth/mis/login', { body: {} });
    assert.equal(reply.status, 200, reply.text);
    const auth = reply.body?.['auth'] as { client_token: string; policies: string[]; lease_duration: number };
    assert.deepEqual(auth.policies, ['default', 'misbehave']);
    assert.equal(auth.lease_duration, 3600);
    const self = await api('GET', 'auth/token/lookup-self', { token: auth.client_token });
    assert.equal((self.body?.['data'] as { display_name: string }).display_name, 'mis-tester');
    const renewed = await api('POST', 'auth/token/renew-self', { token: auth.client_token, body: { increment: '10m' } });
    assert.equal(renewed.status, 200, renewed.text);
    assert.equal((renewed.body?.['auth'] as { lease_duration: number }).lease_duration, 600);
  });

  test('an auth plugin that crashes mid-login: a clear 5xx, no token, and the next login works', async () => {
    const before = await accessors();
    const crashed = await api('POST', 'auth/mis/crash-login', { body: {} });
    assert.ok(crashed.status >= 500, `status ${crashed.status}: ${crashed.text}`);
    assert.match(errorOf(crashed), /plugin|exited|crash/i);
    assert.deepEqual(await accessors(), before, 'nothing was granted');
    const again = await api('POST', 'auth/mis/login', { body: {} });
    assert.equal(again.status, 200, again.text);
    assert.equal((await root('GET', 'sys/health')).status, 200);
  });

  test('a renewal the plugin crashes in refuses nothing: a clear 5xx, the token stays, and it still works', async () => {
    const login = await api('POST', 'auth/mis/fragile-login', { body: {} });
    assert.equal(login.status, 200, login.text);
    const token = (login.body?.['auth'] as { client_token: string }).client_token;
    const renewal = await api('POST', 'auth/token/renew-self', { token, body: { increment: '10m' } });
    assert.ok(renewal.status >= 500, `status ${renewal.status}: ${renewal.text}`);
    assert.doesNotMatch(errorOf(renewal), /revoked/);
    const self = await api('GET', 'auth/token/lookup-self', { token });
    assert.equal(self.status, 200, 'the token was not revoked');
    assert.equal((self.body?.['data'] as { ttl: number }).ttl > 3000, true, 'and its TTL is the login\'s');
  });

  test("the plugin's other paths still need a token", async () => {
    const refused = await api('GET', 'auth/mis/login');
    assert.equal(refused.status, 405, refused.text);
    const noToken = await api('POST', 'auth/mis/not-a-login', { body: {} });
    assert.equal(noToken.status, 403, noToken.text);
  });

  test('a secrets engine registered as an auth plugin is refused at enable, and nothing is enabled', async () => {
    assert.equal((await root('PUT', 'sys/plugins/catalog/auth/not-auth', { command: 'strongroom-misbehave', args: ['serve'] })).status, 204);
    const refused = await root('POST', 'sys/auth/wrong', { type: 'not-auth' });
    assert.equal(refused.status, 400, refused.text);
    assert.match(errorOf(refused), /is a secret plugin, but it was mounted as an auth method at "auth\/wrong\/"\. Register it under the right type/);
    const listed = await root('GET', 'sys/auth');
    assert.ok(!('wrong/' in ((listed.body?.['data'] as Record<string, unknown>) ?? {})));
    assert.equal((await api('POST', 'auth/wrong/login', { body: {} })).status, 403);
  });

  test("moving an auth method (the UI's mounts.move) revokes its logins' tokens, as Vault's remount revokes the old path's leases; logins work at the new path", async () => {
    assert.equal((await root('POST', 'sys/auth/mis-old', { type: 'misbehave' })).status, 204);
    const login = await api('POST', 'auth/mis-old/login', { body: {} });
    const token = (login.body?.['auth'] as { client_token: string }).client_token;
    assert.equal((await api('GET', 'auth/token/lookup-self', { token })).status, 200);
    await harness.services.dispatch('mounts.move', { from: 'auth/mis-old', to: 'auth/mis-new' });
    assert.equal((await api('GET', 'auth/token/lookup-self', { token })).status, 403, "the moved method's token is revoked");
    const again = await api('POST', 'auth/mis-new/login', { body: {} });
    assert.equal(again.status, 200, again.text);
    const renewed = await api('POST', 'auth/token/renew-self', { token: (again.body?.['auth'] as { client_token: string }).client_token, body: { increment: '10m' } });
    assert.equal(renewed.status, 200, renewed.text);
    assert.equal((await root('DELETE', 'sys/auth/mis-new')).status, 204);
  });

  test('a login to a disabled auth method is a 403 that says how to fix it, and its tokens are revoked', async () => {
    const login = await api('POST', 'auth/mis/login', { body: {} });
    const token = (login.body?.['auth'] as { client_token: string }).client_token;
    assert.equal((await root('DELETE', 'sys/auth/mis')).status, 204);
    const before = await accessors();
    const refused = await api('POST', 'auth/mis/login', { body: {} });
    assert.equal(refused.status, 403);
    assert.match(errorOf(refused), /^permission denied: no auth method is enabled at auth\/mis\/ to log in with; check the path .*bao auth list/);
    assert.deepEqual(await accessors(), before, 'nothing was granted');
    assert.equal((await api('GET', 'auth/token/lookup-self', { token })).status, 403, 'the disabled method\'s token is revoked');
  });
});
