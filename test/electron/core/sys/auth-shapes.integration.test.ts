/**
 * `sys/auth` enable, list, read, tune and disable of an auth plugin, in OpenBao's shapes: HashiCorp's
 * JWT auth plugin registered as `jwt-ext` (type auth) from the same binary in a real OpenBao dev
 * server and in Strongroom, the same requests to both, statuses and `data` shapes compared.
 * Strongroom's auth method lives in the mount table at `auth/<path>/` and survives a restart.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppServices } from '../../../../electron/core/app-services';
import { fixturePath } from '../../../fixtures/plugins/fixtures';
import { startOpenBao, type OpenBaoServer } from '../../../support/openbao';
import { call, installPlugins, openServices, PASSPHRASE, removeDir, tempDataDir } from '../core-helpers';
import { openBaoAsker, strongroomAsker, type Method } from './sys-answers';
import { shapeDifferences } from './vault-shape';

const JWT = 'vault-plugin-auth-jwt';

describe("sys/auth: auth plugins enabled, tuned and disabled in OpenBao's shapes", () => {
  let services: AppServices;
  let dataDir: string;
  let pluginDir: string;
  let bao: OpenBaoServer;
  const fromOpenBao = openBaoAsker(() => bao);
  const fromStrongroom = strongroomAsker(() => services);

  const both = async (method: Method, apiPath: string, body?: Record<string, unknown>) => {
    const openbao = await fromOpenBao(method, apiPath, body);
    const strongroom = await fromStrongroom(method, apiPath, body);
    assert.equal(strongroom.status, openbao.status, `${method} ${apiPath}: status (OpenBao: ${JSON.stringify(openbao)}; Strongroom: ${JSON.stringify(strongroom)})`);
    return { openbao, strongroom };
  };
  const sameShape = (name: string, openbao: unknown, strongroom: unknown) => {
    assert.deepEqual(shapeDifferences(openbao, strongroom), [], `${name}: OpenBao ${JSON.stringify(openbao)}\nStrongroom ${JSON.stringify(strongroom)}`);
  };

  before(async () => {
    dataDir = tempDataDir();
    await installPlugins(dataDir, [JWT]);
    pluginDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-openbao-auth-'));
    bao = await startOpenBao(pluginDir);
    fs.copyFileSync(fixturePath(JWT), path.join(pluginDir, JWT));
    fs.chmodSync(path.join(pluginDir, JWT), 0o755);
    services = await openServices(dataDir);
    await call(services, 'seal.init', { passphrase: PASSPHRASE });
    const sha256 = createHash('sha256').update(fs.readFileSync(fixturePath(JWT))).digest('hex');
    for (const [method, apiPath, body] of [
      ['PUT', 'sys/plugins/catalog/auth/jwt-ext', { sha256, command: JWT, version: 'v0.26.1' }],
      ['POST', 'sys/auth/jwt', { type: 'jwt-ext', description: 'd', config: { default_lease_ttl: '1h' } }],
    ] as const) {
      const { openbao } = await both(method, apiPath, body);
      assert.equal(openbao.status, 204, `${method} ${apiPath} on OpenBao: ${JSON.stringify(openbao)}`);
    }
  });
  after(async () => {
    await services?.close();
    await bao?.stop();
    removeDir(dataDir);
    fs.rmSync(pluginDir, { recursive: true, force: true });
  });

  test('sys/auth lists the token store and the enabled plugin, field for field', async () => {
    const { openbao, strongroom } = await both('GET', 'sys/auth');
    sameShape('sys/auth', openbao.data, strongroom.data);
    const jwt = strongroom.data?.['jwt/'] as { type: string; description: string; plugin_version: string; running_plugin_version: string; config: Record<string, unknown>; accessor: string };
    const reference = openbao.data?.['jwt/'] as typeof jwt;
    for (const key of ['type', 'description', 'plugin_version', 'running_plugin_version', 'config'] as const) assert.deepEqual(jwt[key], reference[key], key);
    assert.match(jwt.accessor, /^auth_jwt_ext_[0-9a-f]{8}$/);
    const one = await both('GET', 'sys/auth/jwt');
    sameShape('sys/auth/jwt', one.openbao.data, one.strongroom.data);
    assert.equal(one.strongroom.data?.['uuid'], (strongroom.data?.['jwt/'] as { uuid: string }).uuid);
    const preflight = await both('GET', 'sys/internal/ui/mounts/auth/jwt/login');
    sameShape('internal/ui/mounts/auth/jwt/…', preflight.openbao.data, preflight.strongroom.data);
    assert.deepEqual([preflight.strongroom.data?.['path'], preflight.strongroom.data?.['type']], [preflight.openbao.data?.['path'], preflight.openbao.data?.['type']]);
    const listed = await both('GET', 'sys/internal/ui/mounts');
    sameShape('internal/ui/mounts auth', listed.openbao.data?.['auth'], listed.strongroom.data?.['auth']);
  });

  test('sys/auth/<path>/tune reads the TTLs in effect and the token type, and takes writes', async () => {
    const before = await both('GET', 'sys/auth/jwt/tune');
    sameShape('tune', before.openbao.data, before.strongroom.data);
    await both('POST', 'sys/auth/jwt/tune', { default_lease_ttl: '2h', max_lease_ttl: '3h', description: 'tuned' });
    const after = await both('GET', 'sys/auth/jwt/tune');
    sameShape('tune after a write', after.openbao.data, after.strongroom.data);
    assert.deepEqual(after.strongroom.data, after.openbao.data, 'the same values');
    const token = await both('GET', 'sys/auth/token/tune');
    sameShape('token tune', token.openbao.data, token.strongroom.data);
    // `bao auth tune` sends the tune to sys/mounts/auth/<path>/tune.
    await both('POST', 'sys/mounts/auth/jwt/tune', { default_lease_ttl: '90m', options: null, token_type: '' });
    const viaMounts = await both('GET', 'sys/mounts/auth/jwt/tune');
    assert.deepEqual(viaMounts.strongroom.data, viaMounts.openbao.data, 'tuned through sys/mounts/auth/…');
    assert.equal(viaMounts.strongroom.data?.['default_lease_ttl'], 5400);
  });

  test('an unknown type, a taken path, the token store path and unknown methods are 400s; disabling nothing is a 204', async () => {
    const unknownType = await both('POST', 'sys/auth/other', { type: 'not-registered' });
    assert.match(unknownType.strongroom.errors[0] ?? '', /No auth plugin "not-registered" is in the catalog\. Register it first/);
    // The way out for an API user too: the CLI line that registers it.
    assert.match(unknownType.strongroom.errors[0] ?? '', /bao plugin register -sha256=<the binary's sha256> auth not-registered\)\.$/);
    await both('POST', 'sys/auth/jwt', { type: 'jwt-ext' });
    const token = await both('POST', 'sys/auth/token', { type: 'jwt-ext' });
    assert.match(token.strongroom.errors[0] ?? '', /path is already in use at token\//);
    const missing = await both('GET', 'sys/auth/nothing');
    assert.match(missing.strongroom.errors[0] ?? '', /No auth engine at nothing\/: list sys\/auth/);
    await both('GET', 'sys/auth/nothing/tune');
    await both('DELETE', 'sys/auth/nothing');
    // A secrets engine cannot be mounted where auth methods are served.
    const secretUnderAuth = await both('POST', 'sys/mounts/auth/foo', { type: 'jwt-ext' });
    assert.match(secretUnderAuth.strongroom.errors[0] ?? '', /under auth\//);
  });

  test('an auth method is kept across a restart, in the same mount table as the secrets engines', async () => {
    const before = await fromStrongroom('GET', 'sys/auth/jwt');
    await services.close();
    services = await openServices(dataDir);
    await call(services, 'seal.unseal', { passphrase: PASSPHRASE });
    const after = await fromStrongroom('GET', 'sys/auth/jwt');
    assert.equal(after.status, 200);
    assert.deepEqual([after.data?.['uuid'], after.data?.['accessor'], after.data?.['description']], [before.data?.['uuid'], before.data?.['accessor'], before.data?.['description']]);
    // Listed as an auth method, never as a secrets engine.
    const mounts = await fromStrongroom('GET', 'sys/mounts');
    assert.deepEqual(Object.keys(mounts.data ?? {}).filter((key) => key.includes('jwt')), []);
  });

  test('disabling removes it from sys/auth on both', async () => {
    await both('POST', 'sys/auth/gone', { type: 'jwt-ext' });
    await both('DELETE', 'sys/auth/gone');
    const { openbao, strongroom } = await both('GET', 'sys/auth');
    assert.deepEqual(Object.keys(strongroom.data ?? {}).sort(), Object.keys(openbao.data ?? {}).sort());
    assert.ok(!('gone/' in (strongroom.data ?? {})));
  });
});
