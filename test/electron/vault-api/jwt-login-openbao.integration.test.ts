/**
 * Logging in with HashiCorp's JWT auth plugin, in Strongroom and in OpenBao alike: the same binary
 * registered as `jwt-ext` (type auth) in a real OpenBao dev server and in Strongroom, enabled at
 * `jwt/`, configured with `jwt_validation_pubkeys` from a key pair made here, a role, and a JWT
 * signed here (node:crypto). The same requests go to both Vault HTTP APIs and the answers are
 * compared: the login's `auth` block, the token's lookup-self, its renewal through the plugin, the
 * refusals of bad input, and what disabling the method does to the token. Where Strongroom answers
 * otherwise on purpose (no identity store, a refused renewal), the test says so and checks both.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixturePath } from '../../fixtures/plugins/fixtures';
import { jwtSigner, type JwtSigner } from '../../support/jwt';
import { OPENBAO_DEV_ROOT_TOKEN, startOpenBao, type OpenBaoServer } from '../../support/openbao';
import { installPlugins } from '../core/core-helpers';
import { apiRequest, startApiHarness, type ApiHarness, type ApiReply } from './api-harness';

const JWT = 'vault-plugin-auth-jwt';
const AUDIENCE = 'strongroom-tests';
const ROLE = { role_type: 'jwt', bound_audiences: [AUDIENCE], user_claim: 'sub', token_policies: ['dev', 'reader'], token_ttl: '1h', token_max_ttl: '2h', claim_mappings: { email: 'email' } };

interface Host {
  name: string;
  url: string;
  root: string;
}

type Both = { openbao: ApiReply; strongroom: ApiReply };

describe('JWT auth plugin logins, in Strongroom and OpenBao alike', () => {
  let harness: ApiHarness;
  let bao: OpenBaoServer;
  let pluginDir: string;
  let signer: JwtSigner;
  let hosts: { openbao: Host; strongroom: Host };

  const send = (host: Host, method: string, apiPath: string, options: { token?: string; body?: unknown } = {}) => apiRequest(host.url, method, apiPath, options);
  /** The same request to both; the statuses must agree. `token` picks each host's own token by name. */
  const both = async (method: string, apiPath: string, options: { token?: (host: 'openbao' | 'strongroom') => string | undefined; body?: unknown } = {}): Promise<Both> => {
    const ask = (name: 'openbao' | 'strongroom') => {
      const token = options.token === undefined ? hosts[name].root : options.token(name);
      return send(hosts[name], method, apiPath, { ...(token === undefined ? {} : { token }), ...(options.body === undefined ? {} : { body: options.body }) });
    };
    const openbao = await ask('openbao');
    const strongroom = await ask('strongroom');
    assert.equal(strongroom.status, openbao.status, `${method} ${apiPath}: OpenBao ${openbao.text} / Strongroom ${strongroom.text}`);
    return { openbao, strongroom };
  };
  const noToken = () => undefined;
  const login = (jwt: string, role = 'dev', mount = 'jwt') => both('POST', `auth/${mount}/login`, { token: noToken, body: { role, jwt } });
  const authOf = (reply: ApiReply) => reply.body?.['auth'] as Record<string, unknown>;
  const alice = () => signer.sign({ sub: 'alice', aud: AUDIENCE, email: 'alice@example.com' });

  before(async () => {
    signer = jwtSigner();
    harness = await startApiHarness();
    await harness.init();
    await installPlugins(harness.dataDir, [JWT]);
    pluginDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-openbao-jwt-'));
    bao = await startOpenBao(pluginDir);
    fs.copyFileSync(fixturePath(JWT), path.join(pluginDir, JWT));
    fs.chmodSync(path.join(pluginDir, JWT), 0o755);
    hosts = { openbao: { name: 'OpenBao', url: bao.url, root: OPENBAO_DEV_ROOT_TOKEN }, strongroom: { name: 'Strongroom', url: harness.api.url, root: harness.token } };
    const sha256 = createHash('sha256').update(fs.readFileSync(fixturePath(JWT))).digest('hex');
    for (const [apiPath, body] of [
      ['sys/plugins/catalog/auth/jwt-ext', { sha256, command: JWT, version: 'v0.26.1' }],
      ['sys/auth/jwt', { type: 'jwt-ext' }],
      ['auth/jwt/config', { jwt_validation_pubkeys: [signer.publicKeyPem] }],
      ['auth/jwt/role/dev', ROLE],
    ] as const) {
      const { openbao } = await both('POST', apiPath, { body });
      assert.equal(openbao.status, 204, `${apiPath} on OpenBao: ${openbao.text}`);
    }
  });
  after(async () => {
    await harness?.close();
    await bao?.stop();
    fs.rmSync(pluginDir, { recursive: true, force: true });
  });

  test('a login without a token answers the same auth block; the token works and lookup-self shows its policies', async () => {
    const { openbao, strongroom } = await login(alice());
    const [reference, ours] = [authOf(openbao), authOf(strongroom)];
    assert.deepEqual(Object.keys(ours).sort(), Object.keys(reference).sort());
    for (const key of ['policies', 'token_policies', 'metadata', 'lease_duration', 'renewable', 'token_type', 'orphan', 'num_uses', 'mfa_requirement']) {
      assert.deepEqual(ours[key], reference[key], `auth.${key}`);
    }
    assert.deepEqual(ours['policies'], ['default', 'dev', 'reader']);
    assert.match(String(ours['client_token']), /^s\.[A-Za-z0-9]{24}$/);
    // Strongroom has no identity store: no entity is made for the login (see the README's differences).
    assert.equal(ours['entity_id'], '');
    assert.equal(strongroom.body?.['data'], null);

    const tokenOf = { openbao: String(reference['client_token']), strongroom: String(ours['client_token']) };
    const self = await both('GET', 'auth/token/lookup-self', { token: (host) => tokenOf[host] });
    const [a, b] = [self.openbao.body?.['data'] as Record<string, unknown>, self.strongroom.body?.['data'] as Record<string, unknown>];
    assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort());
    for (const key of ['display_name', 'policies', 'meta', 'path', 'orphan', 'renewable', 'creation_ttl', 'explicit_max_ttl', 'num_uses', 'type']) assert.deepEqual(b[key], a[key], `lookup-self ${key}`);
    assert.equal(b['display_name'], 'jwt-alice');
    assert.equal(b['path'], 'auth/jwt/login');

    const renewed = await both('POST', 'auth/token/renew-self', { token: (host) => tokenOf[host], body: { increment: '30m' } });
    for (const key of ['policies', 'metadata', 'lease_duration', 'renewable', 'orphan']) assert.deepEqual(authOf(renewed.strongroom)[key], authOf(renewed.openbao)[key], `renewal auth.${key}`);
    assert.equal(authOf(renewed.strongroom)['lease_duration'], 1800);
  });

  test('an unknown role, a bad signature and a missing JWT are the plugin\'s 400s, and grant nothing', async () => {
    const before = await send(hosts.strongroom, 'LIST', 'auth/token/accessors', { token: harness.token });
    const unknownRole = await login(alice(), 'nope');
    assert.deepEqual(unknownRole.strongroom.body?.['errors'], unknownRole.openbao.body?.['errors']);
    assert.equal(unknownRole.strongroom.status, 400);
    const forged = jwtSigner().sign({ sub: 'mallory', aud: AUDIENCE });
    const badSignature = await login(forged);
    assert.deepEqual(badSignature.strongroom.body?.['errors'], badSignature.openbao.body?.['errors']);
    assert.match(String((badSignature.strongroom.body?.['errors'] as string[])[0]), /signature/);
    const missing = await both('POST', 'auth/jwt/login', { token: noToken, body: { role: 'dev' } });
    assert.deepEqual(missing.strongroom.body?.['errors'], ['missing token']);
    const after = await send(hosts.strongroom, 'LIST', 'auth/token/accessors', { token: harness.token });
    assert.deepEqual((after.body?.['data'] as { keys: string[] }).keys.sort(), (before.body?.['data'] as { keys: string[] }).keys.sort(), 'no token was issued');
  });

  test("the plugin's authenticated paths still need a token; a bad token is ignored on the login path, as OpenBao does", async () => {
    await both('GET', 'auth/jwt/role/dev', { token: noToken });
    const withBadToken = await both('POST', 'auth/jwt/login', { token: () => 'not-a-token', body: { role: 'dev', jwt: alice() } });
    assert.equal(withBadToken.strongroom.status, 200);
  });

  test('a login to an auth method that is not enabled is a 403 that says how to fix it', async () => {
    const { strongroom } = await login(alice(), 'dev', 'nowhere');
    assert.equal(strongroom.status, 403);
    assert.match(String((strongroom.body?.['errors'] as string[])[0]), /^permission denied: no auth method is enabled at auth\/nowhere\/ .*bao auth list/);
  });

  test('a renewal the plugin refuses (its role is gone) ends the token in Strongroom; OpenBao answers 500 and keeps it', async () => {
    await both('POST', 'auth/jwt/role/short', { body: ROLE });
    const { openbao, strongroom } = await login(alice(), 'short');
    const tokenOf = { openbao: String(authOf(openbao)['client_token']), strongroom: String(authOf(strongroom)['client_token']) };
    await both('DELETE', 'auth/jwt/role/short');
    const refusedByBao = await send(hosts.openbao, 'POST', 'auth/token/renew-self', { token: tokenOf.openbao, body: {} });
    assert.equal(refusedByBao.status, 500);
    const refused = await send(hosts.strongroom, 'POST', 'auth/token/renew-self', { token: tokenOf.strongroom, body: {} });
    assert.equal(refused.status, 400);
    const [reference, ours] = [(refusedByBao.body?.['errors'] as string[])[0], (refused.body?.['errors'] as string[])[0]];
    assert.match(String(reference), /role short does not exist during renewal/);
    assert.match(String(ours), /^failed to renew entry: role short does not exist during renewal\. The auth method refused the renewal, so the token has been revoked: log in again\.$/);
    assert.equal((await send(hosts.openbao, 'GET', 'auth/token/lookup-self', { token: tokenOf.openbao })).status, 200);
    assert.equal((await send(hosts.strongroom, 'GET', 'auth/token/lookup-self', { token: tokenOf.strongroom })).status, 403);
  });

  test('disabling the auth method revokes the tokens its logins issued, on both', async () => {
    await both('POST', 'sys/auth/second', { body: { type: 'jwt-ext' } });
    await both('POST', 'auth/second/config', { body: { jwt_validation_pubkeys: [signer.publicKeyPem] } });
    await both('POST', 'auth/second/role/dev', { body: ROLE });
    const { openbao, strongroom } = await login(alice(), 'dev', 'second');
    const tokenOf = { openbao: String(authOf(openbao)['client_token']), strongroom: String(authOf(strongroom)['client_token']) };
    const self = await both('GET', 'auth/token/lookup-self', { token: (host) => tokenOf[host] });
    assert.equal((self.strongroom.body?.['data'] as Record<string, unknown>)['display_name'], 'second-alice');
    await both('DELETE', 'sys/auth/second');
    const gone = await both('GET', 'auth/token/lookup-self', { token: (host) => tokenOf[host] });
    assert.equal(gone.strongroom.status, 403);
  });
});
