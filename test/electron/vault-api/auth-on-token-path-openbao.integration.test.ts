/**
 * Only a login issues a token: an auth plugin that answers an Auth on a path that needs a token
 * (`test/fixtures/plugins/ts/auth-on-token-path.ts`, `whoami`), in Strongroom and in a real OpenBao
 * dev server with the same binary. OpenBao's core lets only the token store answer an Auth on an
 * authenticated request: anything else is a 500 "internal error" and no token. Strongroom answers
 * the same status (its message names the plugin and the path) and grants nothing; the plugin's `login` (no token needed) still issues one on both, with or without a token sent.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packagePlugin } from '@strongroom/plugin-sdk/package-plugin';
import { OPENBAO_DEV_ROOT_TOKEN, startOpenBao, type OpenBaoServer } from '../../support/openbao';
import { installPlugins } from '../core/core-helpers';
import { apiRequest, startApiHarness, type ApiHarness, type ApiReply } from './api-harness';

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/plugins/ts/auth-on-token-path.ts');
const HOSTS = ['openbao', 'strongroom'] as const;
type Host = (typeof HOSTS)[number];

describe('an Auth answered on an auth plugin path that needs a token', () => {
  let harness: ApiHarness;
  let bao: OpenBaoServer;
  let baoDir: string;
  let hosts: Record<Host, { url: string; root: string }>;
  const api = (host: Host, method: string, apiPath: string, options: { token?: string; body?: unknown } = {}) => apiRequest(hosts[host].url, method, apiPath, options);
  const root = (host: Host, method: string, apiPath: string, body?: unknown) => api(host, method, apiPath, { token: hosts[host].root, ...(body === undefined ? {} : { body }) });
  const errorOf = (reply: ApiReply) => String((reply.body?.['errors'] as string[] | undefined)?.[0]);
  const accessors = async (host: Host) => ((await root(host, 'LIST', 'auth/token/accessors')).body?.['data'] as { keys: string[] }).keys.sort();
  /** The same request to both hosts; the statuses must agree. */
  const both = async (ask: (host: Host) => Promise<ApiReply>) => {
    const [openbao, strongroom] = [await ask('openbao'), await ask('strongroom')];
    assert.equal(strongroom.status, openbao.status, `OpenBao ${openbao.text} / Strongroom ${strongroom.text}`);
    return { openbao, strongroom };
  };

  before(async () => {
    harness = await startApiHarness();
    await harness.init();
    baoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-auth-on-token-path-'));
    bao = await startOpenBao(baoDir);
    hosts = { openbao: { url: bao.url, root: OPENBAO_DEV_ROOT_TOKEN }, strongroom: { url: harness.api.url, root: harness.token } };
    const built = await packagePlugin(fixture, path.join(await installPlugins(harness.dataDir, []), 'auth-on-token-path'));
    fs.copyFileSync(built.file, path.join(baoDir, 'auth-on-token-path'));
    fs.chmodSync(path.join(baoDir, 'auth-on-token-path'), 0o755);
    for (const host of HOSTS) {
      const registered = await root(host, 'PUT', 'sys/plugins/catalog/auth/echo-ts', { sha256: built.sha256, command: 'auth-on-token-path' });
      assert.equal(registered.status, 204, `${host}: ${registered.text}`);
      assert.equal((await root(host, 'PUT', 'sys/auth/echo', { type: 'echo-ts' })).status, 204, host);
    }
  });
  after(async () => {
    await harness?.close();
    await bao?.stop();
    if (baoDir !== undefined) fs.rmSync(baoDir, { recursive: true, force: true });
  });

  test('with a token: 500 "internal error" on both, and no token is issued', async () => {
    const before = { openbao: await accessors('openbao'), strongroom: await accessors('strongroom') };
    const { openbao, strongroom } = await both((host) => root(host, 'POST', 'auth/echo/whoami', {}));
    assert.equal(openbao.status, 500, openbao.text);
    assert.match(errorOf(openbao), /internal error/);
    // The same 500; Strongroom's message says what went wrong and where to log in (root README).
    assert.match(errorOf(strongroom), /^The auth plugin "echo-ts" answered a login \(an Auth\) on "auth\/echo\/whoami", which is not one of its unauthenticated \(login\) paths, so no token was issued/);
    for (const reply of [openbao, strongroom]) assert.equal(reply.body?.['auth'], undefined);
    for (const host of HOSTS) assert.deepEqual(await accessors(host), before[host], `${host}: nothing was granted`);
  });

  test("the UI (the owner, no token) gets the same refusal from Strongroom's contract, and nothing is issued", async () => {
    const before = await accessors('strongroom');
    const reply = await harness.services.dispatch('requests.handle', { path: 'auth/echo/whoami', operation: 'write', data: {} });
    assert.equal(reply.ok, false);
    if (!reply.ok) assert.equal(reply.error.code, 'auth_outside_login');
    assert.deepEqual(await accessors('strongroom'), before);
  });

  for (const [how, withToken] of [['without a token', false], ['with one', true]] as const) {
    test(`its login, ${how}, still issues a token on both`, async () => {
      const { openbao, strongroom } = await both((host) => (withToken ? root(host, 'POST', 'auth/echo/login', {}) : api(host, 'POST', 'auth/echo/login', { body: {} })));
      for (const [host, reply] of [['openbao', openbao], ['strongroom', strongroom]] as const) {
        const auth = reply.body?.['auth'] as { client_token: string; policies: string[] };
        assert.deepEqual(auth.policies, ['default', 'echo'], host);
        const self = await api(host, 'GET', 'auth/token/lookup-self', { token: auth.client_token });
        assert.equal((self.body?.['data'] as { display_name: string }).display_name, 'echo-echo', host);
      }
    });
  }
});
