/**
 * A renewal the auth plugin could not answer (it died mid-renewal) refused nothing: the caller gets
 * a clear 5xx naming the plugin, the token stays as it was (lookup-self still answers, with its
 * TTL), no other token is touched, and the restarted plugin serves the next login. Only a plugin's
 * own answer ends a token (`login-tokens.ts`). A real TS SDK plugin whose `authRenew` exits
 * (`test/fixtures/plugins/ts/crash-on-renew-auth.ts`), over the Vault HTTP API.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packagePlugin } from '@strongroom/plugin-sdk/package-plugin';
import { installPlugins } from '../core-helpers';
import { apiRequest, startApiHarness, type ApiHarness } from '../../vault-api/api-harness';

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/plugins/ts/crash-on-renew-auth.ts');

describe('an auth plugin that dies while renewing a token', () => {
  let harness: ApiHarness;
  const api = (method: string, apiPath: string, options: { token?: string; body?: unknown } = {}) => apiRequest(harness.api.url, method, apiPath, options);
  const login = async () => {
    const reply = await api('POST', 'auth/crash/login', { body: {} });
    assert.equal(reply.status, 200, reply.text);
    return (reply.body?.['auth'] as { client_token: string }).client_token;
  };

  before(async () => {
    harness = await startApiHarness();
    await harness.init();
    const dir = await installPlugins(harness.dataDir, []);
    const built = await packagePlugin(fixture, path.join(dir, 'crash-on-renew-auth'));
    const sha256 = createHash('sha256').update(fs.readFileSync(built.file)).digest('hex');
    const root = harness.token;
    assert.equal((await api('PUT', 'sys/plugins/catalog/auth/crasher', { token: root, body: { sha256, command: 'crash-on-renew-auth' } })).status, 204);
    assert.equal((await api('PUT', 'sys/auth/crash', { token: root, body: { type: 'crasher' } })).status, 204);
  });
  after(async () => {
    await harness?.close();
  });

  test('the renewal fails with a 5xx that names the plugin, and the token stays valid, unchanged', async () => {
    const token = await login();
    const other = await login();
    const before = (await api('GET', 'auth/token/lookup-self', { token })).body?.['data'] as Record<string, unknown>;
    const renewed = await api('POST', 'auth/token/renew-self', { token, body: { increment: '10m' } });
    assert.ok(renewed.status >= 500, `status ${renewed.status}: ${renewed.text}`);
    const message = String((renewed.body?.['errors'] as string[] | undefined)?.[0]);
    assert.match(message, /^Plugin "crasher" \(pid \d+\) exited with code 3 .*restarted on the next request/);
    assert.doesNotMatch(message, /has been revoked/);
    const after = await api('GET', 'auth/token/lookup-self', { token });
    assert.equal(after.status, 200, `the token stays: ${after.text}`);
    const data = after.body?.['data'] as Record<string, unknown>;
    for (const key of ['accessor', 'policies', 'creation_ttl', 'expire_time', 'path', 'display_name']) assert.deepEqual(data[key], before[key], key);
    assert.equal((await api('GET', 'auth/token/lookup-self', { token: other })).status, 200, 'the other login is untouched');
  });

  test('the restarted plugin serves the next login, and Strongroom stays up', async () => {
    const token = await login();
    assert.equal((await api('GET', 'auth/token/lookup-self', { token })).status, 200);
    assert.equal((await api('GET', 'sys/health')).status, 200);
  });
});
