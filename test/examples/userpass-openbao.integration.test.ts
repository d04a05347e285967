/**
 * The example auth method in OpenBao, the reference host: the TS userpass plugin (our SDK) and
 * its Go twin (HashiCorp's vault/sdk framework) are registered with the bao CLI as auth plugins
 * by sha256 and enabled with `bao auth enable`; then the same requests go to both mounts (create
 * a user, log in without a token, the bao CLI's own `-method=userpass` login, use the token,
 * renew it, change the user's policies → renewal refused, log in again, delete the user → renewal
 * refused; `userpass-steps.ts`, the same steps the Strongroom leg sends) and the answers must
 * match field by field, with only ids, tokens and clocks masked and the mount names made equal.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildPlugin as buildTsUserpass } from '../../examples/ts/userpass/build';
import { ensureFixtures, fixturePath } from '../fixtures/plugins/fixtures';
import { OPENBAO_DEV_ROOT_TOKEN, startOpenBao, type OpenBaoServer } from '../support/openbao';
import { comparableReply, type Reply } from './userpass-compare';
import { baoCli, LANGUAGES, userpassApi, userpassSteps, USERPASS_POLICY, type Language } from './userpass-steps';

/** One request to OpenBao's HTTP API with the token given (none: an unauthenticated request). */
const api = (bao: OpenBaoServer, method: string, apiPath: string, token: string | undefined, body?: unknown): Promise<Reply> =>
  userpassApi({ url: bao.url, root: OPENBAO_DEV_ROOT_TOKEN, cli: async () => '' }, method, apiPath, token, body);

describe('OpenBao loads the TS userpass auth method and answers as for its Go framework twin', { timeout: 600_000 }, () => {
  let bao: OpenBaoServer;
  let pluginDir: string;
  const replies = {} as Record<Language, Record<string, Reply>>;

  before(async () => {
    const [ts] = await Promise.all([buildTsUserpass(), ensureFixtures({ names: ['strongroom-userpass-go'] })]);
    pluginDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-userpass-'));
    bao = await startOpenBao(pluginDir);
    const cli = await baoCli(bao.url, OPENBAO_DEV_ROOT_TOKEN);
    const files: Record<Language, string> = { ts: ts.file, go: fixturePath('strongroom-userpass-go') };
    for (const language of LANGUAGES) {
      const name = `userpass-${language}`;
      fs.copyFileSync(files[language], path.join(pluginDir, name));
      fs.chmodSync(path.join(pluginDir, name), 0o755);
      await cli(['plugin', 'register', `-sha256=${sha256Of(path.join(pluginDir, name))}`, `-command=${name}`, 'auth', name]).catch(fail(bao));
      await cli(['auth', 'enable', `-path=${name}`, name]).catch(fail(bao));
    }
    await api(bao, 'PUT', 'sys/policies/acl/dev', OPENBAO_DEV_ROOT_TOKEN, { policy: USERPASS_POLICY });
    for (const language of LANGUAGES) replies[language] = await userpassSteps({ url: bao.url, root: OPENBAO_DEV_ROOT_TOKEN, cli }, language);
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
      const [ts, go] = [withoutOpenApiInfo(replies.ts[step]!), withoutOpenApiInfo(replies.go[step]!)];
      assert.deepEqual(comparableReply(ts, 'userpass-ts'), comparableReply(go, 'userpass-go'), `${step}:\nts ${JSON.stringify(replies.ts[step])}\ngo ${JSON.stringify(replies.go[step])}`);
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
    assert.equal(ts['lookup-self after the refusal']?.status, 200, 'OpenBao keeps a token whose renewal was refused');
    assert.equal(ts['renew the new token']?.status, 200);
    assert.deepEqual(ts['renew after the user is deleted']?.body?.['errors'], ['user "alice" no longer exists, so its tokens cannot be renewed']);
    assert.deepEqual(ts['login after the user is deleted']?.body?.['errors'], ['invalid username or password']);
  });
});

/** A help reply's OpenAPI `info` is each SDK's own ("Strongroom plugin API", sdk/help.ts), not Vault's: the next test compares the rest. */
function withoutOpenApiInfo(reply: Reply): Reply {
  const openapi = reply.body?.['openapi'] as Record<string, unknown> | undefined;
  if (openapi === undefined) return reply;
  const { info: _info, ...rest } = openapi;
  return { status: reply.status, body: { ...reply.body, openapi: rest } };
}

const sha256Of = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** A failed CLI call, with what the server logged. */
function fail(bao: OpenBaoServer) {
  return (error: { stderr?: string; message: string }): never => {
    throw new Error(`${error.stderr?.trim() || error.message}\n${bao.log()}`);
  };
}
