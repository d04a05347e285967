/**
 * The example auth method in OpenBao, the reference host: the TS userpass plugin (our SDK) and
 * its Go twin (HashiCorp's vault/sdk framework) are registered with the bao CLI as auth plugins
 * by sha256 and enabled with `bao auth enable`; then the same requests go to both mounts (create
 * a user, log in without a token, the bao CLI's own `-method=userpass` login, use the token,
 * renew it, change the user's policies, delete the user → renewal refused) and the answers must
 * match field by field, with only ids, tokens and clocks masked and the mount names made equal.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { buildPlugin as buildTsUserpass } from '../../examples/ts/userpass/build';
import { ensureFixtures, fixturePath } from '../fixtures/plugins/fixtures';
import { ensureOpenBao, OPENBAO_DEV_ROOT_TOKEN, startOpenBao, type OpenBaoServer } from '../support/openbao';
import { comparableReply, type Reply } from './userpass-compare';

const LANGUAGES = ['ts', 'go'] as const;
type Language = (typeof LANGUAGES)[number];
const ALICE = { password: 's3cret', token_policies: 'dev,ops', token_ttl: '10m', token_max_ttl: '1h' };
/** What alice's tokens may do: read users (not list them). */
const DEV_POLICY = 'path "auth/+/users/*" {\n  capabilities = ["read"]\n}\n';

/** One request to OpenBao's HTTP API with the token given (none: an unauthenticated request). */
async function api(bao: OpenBaoServer, method: string, apiPath: string, token: string | undefined, body?: unknown): Promise<Reply> {
  const response = await fetch(`${bao.url}/v1/${apiPath}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token === undefined ? {} : { 'X-Vault-Token': token }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as Record<string, unknown>) };
}

/** Every step, in order, against one mount; the token comes from the login step. */
async function lifecycle(bao: OpenBaoServer, cli: (args: string[]) => Promise<string>, language: Language): Promise<Record<string, Reply>> {
  const mount = `auth/userpass-${language}`;
  const root = OPENBAO_DEV_ROOT_TOKEN;
  const out: Record<string, Reply> = {};
  out['new user without a password'] = await api(bao, 'PUT', `${mount}/users/bob`, root, { token_policies: 'dev' });
  out['create alice'] = await api(bao, 'PUT', `${mount}/users/alice`, root, ALICE);
  out['read alice'] = await api(bao, 'GET', `${mount}/users/alice`, root);
  out['list users'] = await api(bao, 'LIST', `${mount}/users`, root);
  out['login, wrong password, no token'] = await api(bao, 'PUT', `${mount}/login/alice`, undefined, { password: 'wrong' });
  out['login, unknown user'] = await api(bao, 'PUT', `${mount}/login/nobody`, undefined, { password: 's3cret' });
  const login = await api(bao, 'PUT', `${mount}/login/alice`, undefined, { password: 's3cret' });
  out['login, no token'] = login;
  const cliLogin = await cli(['login', '-no-store', '-format=json', '-method=userpass', `-path=userpass-${language}`, 'username=alice', 'password=s3cret']);
  out['bao login -method=userpass'] = { status: 0, body: JSON.parse(cliLogin) as Record<string, unknown> };
  const token = String((login.body?.['auth'] as { client_token?: string } | undefined)?.client_token);
  out['lookup-self with the new token'] = await api(bao, 'GET', 'auth/token/lookup-self', token);
  out['the token reads a user (policy dev)'] = await api(bao, 'GET', `${mount}/users/alice`, token);
  out['the token may not list users'] = await api(bao, 'LIST', `${mount}/users`, token);
  out['renew-self, increment 5m'] = await api(bao, 'PUT', 'auth/token/renew-self', token, { increment: '5m' });
  await api(bao, 'PUT', `${mount}/users/alice`, root, { token_policies: 'dev' });
  out['renew after the policies changed'] = await api(bao, 'PUT', 'auth/token/renew-self', token, {});
  await api(bao, 'PUT', `${mount}/users/alice`, root, { token_policies: 'dev,ops' });
  out['renew with the policies back'] = await api(bao, 'PUT', 'auth/token/renew-self', token, {});
  out['delete alice'] = await api(bao, 'DELETE', `${mount}/users/alice`, root);
  out['renew after the user is deleted'] = await api(bao, 'PUT', 'auth/token/renew-self', token, {});
  out['root renews it (auth/token/renew)'] = await api(bao, 'PUT', 'auth/token/renew', root, { token });
  out['lookup-self after the refusal'] = await api(bao, 'GET', 'auth/token/lookup-self', token);
  out['login after the user is deleted'] = await api(bao, 'PUT', `${mount}/login/alice`, undefined, { password: 's3cret' });
  return out;
}

describe('OpenBao loads the TS userpass auth method and answers as for its Go framework twin', { timeout: 600_000 }, () => {
  let bao: OpenBaoServer;
  let pluginDir: string;
  const replies = {} as Record<Language, Record<string, Reply>>;

  before(async () => {
    const [ts] = await Promise.all([buildTsUserpass(), ensureFixtures({ names: ['strongroom-userpass-go'] })]);
    pluginDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-userpass-'));
    bao = await startOpenBao(pluginDir);
    const baoPath = await ensureOpenBao();
    const cli = async (args: string[]) => {
      const env = { ...process.env, VAULT_ADDR: bao.url, VAULT_TOKEN: OPENBAO_DEV_ROOT_TOKEN, BAO_ADDR: bao.url, BAO_TOKEN: OPENBAO_DEV_ROOT_TOKEN };
      const { stdout } = await promisify(execFile)(baoPath, args, { env });
      return stdout;
    };
    const files: Record<Language, string> = { ts: ts.file, go: fixturePath('strongroom-userpass-go') };
    for (const language of LANGUAGES) {
      const name = `userpass-${language}`;
      fs.copyFileSync(files[language], path.join(pluginDir, name));
      fs.chmodSync(path.join(pluginDir, name), 0o755);
      await cli(['plugin', 'register', `-sha256=${sha256Of(path.join(pluginDir, name))}`, `-command=${name}`, 'auth', name]).catch(fail(bao));
      await cli(['auth', 'enable', `-path=${name}`, name]).catch(fail(bao));
    }
    await api(bao, 'PUT', 'sys/policies/acl/dev', OPENBAO_DEV_ROOT_TOKEN, { policy: DEV_POLICY });
    for (const language of LANGUAGES) replies[language] = await lifecycle(bao, cli, language);
  });
  after(async () => {
    await bao?.stop();
    if (pluginDir !== undefined) fs.rmSync(pluginDir, { recursive: true, force: true });
  });

  it('both are listed by sys/auth as plugins of type auth', async () => {
    const listed = (await api(bao, 'GET', 'sys/auth', OPENBAO_DEV_ROOT_TOKEN)).body as Record<string, { type: string }>;
    assert.equal(listed['userpass-ts/']?.type, 'userpass-ts');
    assert.equal(listed['userpass-go/']?.type, 'userpass-go');
  });

  it('every step: the same status and body from both, field by field', () => {
    const steps = Object.keys(replies.ts);
    assert.deepEqual(steps, Object.keys(replies.go));
    for (const step of steps) {
      assert.deepEqual(comparableReply(replies.ts[step]!, 'userpass-ts'), comparableReply(replies.go[step]!, 'userpass-go'), `${step}:\nts ${JSON.stringify(replies.ts[step])}\ngo ${JSON.stringify(replies.go[step])}`);
    }
  });

  it('path help and the OpenAPI document come from the plugin alike', async () => {
    const help = async (language: Language, apiPath: string) =>
      (await api(bao, 'GET', `auth/userpass-${language}/${apiPath}?help=1`, OPENBAO_DEV_ROOT_TOKEN)).body as { help: string; openapi: { paths: Record<string, unknown> } };
    for (const apiPath of ['users/alice', 'login/alice', '']) {
      const [ts, go] = [await help('ts', apiPath), await help('go', apiPath)];
      // The root help's intro to its list of paths is the SDK's own wording (sdk/help.ts), not Vault's.
      const withoutIntro = (text: string) => text.replace(/## PATHS\n\n[\s\S]*?\n\n(?= {4}\^)/, '## PATHS\n\n');
      assert.equal(withoutIntro(ts.help), withoutIntro(go.help), `help of "${apiPath}"`);
      // `info` is the SDK's own ("Strongroom plugin API", sdk/help.ts), not Vault's; the paths and schemas must match.
      const { info: _tsInfo, ...tsDocument } = ts.openapi as Record<string, unknown>;
      const { info: _goInfo, ...goDocument } = go.openapi as Record<string, unknown>;
      assert.deepEqual(comparableReply({ status: 200, body: tsDocument }, 'userpass-ts'), comparableReply({ status: 200, body: goDocument }, 'userpass-go'), `OpenAPI of "${apiPath}"`);
    }
  });

  it('the expected answers, so the comparison is not between two failures', () => {
    const ts = replies.ts;
    assert.deepEqual(ts['new user without a password']?.body?.['errors'], ['a new user needs a password: write password=<password> with the user']);
    assert.equal(ts['create alice']?.status, 204);
    assert.deepEqual(ts['read alice']?.body?.['data'], { token_policies: ['dev', 'ops'], token_ttl: 600, token_max_ttl: 3600 });
    assert.deepEqual(ts['login, wrong password, no token']?.body?.['errors'], ['invalid username or password']);
    const auth = ts['login, no token']?.body?.['auth'] as Record<string, unknown>;
    assert.equal(ts['login, no token']?.status, 200);
    assert.deepEqual(auth['policies'], ['default', 'dev', 'ops']);
    assert.deepEqual(auth['metadata'], { username: 'alice' });
    assert.equal(auth['lease_duration'], 600);
    assert.equal(auth['renewable'], true);
    const self = ts['lookup-self with the new token']?.body?.['data'] as Record<string, unknown>;
    assert.equal(self['display_name'], 'userpass-ts-alice');
    assert.equal(self['path'], 'auth/userpass-ts/login/alice');
    assert.equal(ts['the token reads a user (policy dev)']?.status, 200);
    assert.equal(ts['the token may not list users']?.status, 403);
    assert.equal((ts['renew-self, increment 5m']?.body?.['auth'] as { lease_duration: number }).lease_duration, 300);
    assert.match(String((ts['renew after the policies changed']?.body?.['errors'] as string[])[0]), /token_policies changed/);
    assert.equal(ts['renew with the policies back']?.status, 200);
    assert.deepEqual(ts['renew after the user is deleted']?.body?.['errors'], ['user "alice" no longer exists, so its tokens cannot be renewed']);
    assert.deepEqual(ts['login after the user is deleted']?.body?.['errors'], ['invalid username or password']);
  });
});

const sha256Of = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** A failed CLI call, with what the server logged. */
function fail(bao: OpenBaoServer) {
  return (error: { stderr?: string; message: string }): never => {
    throw new Error(`${error.stderr?.trim() || error.message}\n${bao.log()}`);
  };
}
