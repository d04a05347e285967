/**
 * Renewals an auth plugin does not answer with an Auth, in Strongroom and in OpenBao with the same
 * binary (a TS SDK plugin, `test/fixtures/plugins/ts/renew-misbehave-auth.ts`), over their Vault
 * HTTP APIs:
 * - the plugin dies mid-renewal: it could not answer, so it refused nothing. Both answer 500 and
 *   keep the token as it was; Strongroom's message names the plugin, and the restarted plugin
 *   serves the next login.
 * - the plugin answers nothing (Vault's own userpass does so for a deleted user: "do not renew").
 *   OpenBao answers 204 and leaves the token valid, not renewed, until it expires; Strongroom
 *   reads it as the refusal it is: 400 saying so, and the token is revoked (root README).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packagePlugin } from '@strongroom/plugin-sdk/package-plugin';
import { OPENBAO_DEV_ROOT_TOKEN, startOpenBao, type OpenBaoServer } from '../../../support/openbao';
import { installPlugins } from '../core-helpers';
import { apiRequest, startApiHarness, type ApiHarness } from '../../vault-api/api-harness';

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/plugins/ts/renew-misbehave-auth.ts');
const HOSTS = ['openbao', 'strongroom'] as const;
type Host = (typeof HOSTS)[number];

describe('an auth plugin that does not answer a renewal with an Auth', () => {
  let harness: ApiHarness;
  let bao: OpenBaoServer;
  let baoDir: string;
  let hosts: Record<Host, { url: string; root: string }>;
  const api = (host: Host, method: string, apiPath: string, options: { token?: string; body?: unknown } = {}) => apiRequest(hosts[host].url, method, apiPath, options);
  const login = async (host: Host, mode: 'crash' | 'no-answer') => {
    const reply = await api(host, 'POST', `auth/misbehave/login/${mode}`, { body: {} });
    assert.equal(reply.status, 200, reply.text);
    return (reply.body?.['auth'] as { client_token: string }).client_token;
  };
  const lookup = async (host: Host, token: string) => api(host, 'GET', 'auth/token/lookup-self', { token });
  const errorOf = (reply: { body: Record<string, unknown> | undefined }) => String((reply.body?.['errors'] as string[] | undefined)?.[0]);

  before(async () => {
    harness = await startApiHarness();
    await harness.init();
    baoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-renew-misbehave-'));
    bao = await startOpenBao(baoDir);
    hosts = { openbao: { url: bao.url, root: OPENBAO_DEV_ROOT_TOKEN }, strongroom: { url: harness.api.url, root: harness.token } };
    const dirs: Record<Host, string> = { openbao: baoDir, strongroom: await installPlugins(harness.dataDir, []) };
    const built = await packagePlugin(fixture, path.join(dirs.strongroom, 'renew-misbehave-auth'));
    fs.copyFileSync(built.file, path.join(baoDir, 'renew-misbehave-auth'));
    fs.chmodSync(path.join(baoDir, 'renew-misbehave-auth'), 0o755);
    for (const host of HOSTS) {
      const { root } = hosts[host];
      const registered = await api(host, 'PUT', 'sys/plugins/catalog/auth/misbehave-ts', { token: root, body: { sha256: built.sha256, command: 'renew-misbehave-auth' } });
      assert.equal(registered.status, 204, `${host}: ${registered.text}`);
      assert.equal((await api(host, 'PUT', 'sys/auth/misbehave', { token: root, body: { type: 'misbehave-ts' } })).status, 204, host);
    }
  });
  after(async () => {
    await harness?.close();
    await bao?.stop();
    if (baoDir !== undefined) fs.rmSync(baoDir, { recursive: true, force: true });
  });

  test('dying mid-renewal: 500 on both, the token unchanged on both, the other logins untouched', async () => {
    for (const host of HOSTS) {
      const token = await login(host, 'crash');
      const other = await login(host, 'crash');
      const before = (await lookup(host, token)).body?.['data'] as Record<string, unknown>;
      const renewed = await api(host, 'POST', 'auth/token/renew-self', { token, body: { increment: '10m' } });
      assert.equal(renewed.status, 500, `${host}: ${renewed.text}`);
      const after = await lookup(host, token);
      assert.equal(after.status, 200, `${host}: the token stays: ${after.text}`);
      const data = after.body?.['data'] as Record<string, unknown>;
      for (const key of ['accessor', 'policies', 'creation_ttl', 'expire_time', 'path', 'display_name']) assert.deepEqual(data[key], before[key], `${host}: ${key}`);
      assert.equal((await lookup(host, other)).status, 200, `${host}: the other login is untouched`);
    }
    const ours = await api('strongroom', 'POST', 'auth/token/renew-self', { token: await login('strongroom', 'crash'), body: {} });
    assert.match(errorOf(ours), /^Plugin "misbehave-ts" \(pid \d+\) exited with code 3 .*restarted on the next request/);
    assert.doesNotMatch(errorOf(ours), /has been revoked/);
  });

  test('answering nothing: OpenBao 204 and the token stays; Strongroom a 400 that says so, and the token is revoked', async () => {
    const [theirs, ours] = [await login('openbao', 'no-answer'), await login('strongroom', 'no-answer')];
    const reference = await api('openbao', 'POST', 'auth/token/renew-self', { token: theirs, body: { increment: '10m' } });
    assert.equal(reference.status, 204, reference.text);
    assert.equal((await lookup('openbao', theirs)).status, 200);
    const refused = await api('strongroom', 'POST', 'auth/token/renew-self', { token: ours, body: { increment: '10m' } });
    assert.equal(refused.status, 400, refused.text);
    assert.equal(errorOf(refused), 'the auth method answered the renewal without an auth. The auth method refused the renewal, so the token has been revoked: log in again.');
    assert.equal((await lookup('strongroom', ours)).status, 403);
  });

  test("Strongroom's restarted plugin serves the next login, and Strongroom stays up", async () => {
    const token = await login('strongroom', 'crash');
    assert.equal((await lookup('strongroom', token)).status, 200);
    assert.equal((await api('strongroom', 'GET', 'sys/health')).status, 200);
  });
});
