// `plugin new --kind auth` end to end: scaffold a TS and a Go auth method into a temp folder, run
// their own test and build scripts unchanged (the TS one an ordinary npm project on the SDK
// tarball it vendors), then load both, unedited, in a real OpenBao: registered with the bao CLI as
// auth plugins, enabled with `bao auth enable`, configured, logged in without a token, the token
// used and renewed, and renewal refused once the configuration is gone; both answer alike.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { scaffold } from '../../../sdk/cli/plugin-new';
import { ensureOpenBao, OPENBAO_DEV_ROOT_TOKEN, startOpenBao, type OpenBaoServer } from '../../support/openbao';
import { comparableReply, type Reply } from '../../examples/userpass-compare';

const run = promisify(execFile);
// Without the runner's own marker, so the project's `node --test` reports as it would by hand.
const { NODE_TEST_CONTEXT: _runnerContext, ...plainEnv } = process.env;
const work = await mkdtemp(path.join(tmpdir(), 'plugin-new-auth-'));
after(() => rm(work, { recursive: true, force: true }));

const projects = {
  ts: { dir: path.join(work, 'ts-auth'), binary: 'dist/shared-secret-ts', name: 'shared-secret-ts' },
  go: { dir: path.join(work, 'go-auth'), binary: 'bin/shared-secret-go', name: 'shared-secret-go' },
} as const;
type Lang = keyof typeof projects;

async function api(bao: OpenBaoServer, method: string, apiPath: string, token: string | undefined, body?: unknown): Promise<Reply> {
  const response = await fetch(`${bao.url}/v1/${apiPath}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token === undefined ? {} : { 'X-Vault-Token': token }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as Record<string, unknown>) };
}

describe('plugin new --kind auth', { timeout: 600_000 }, () => {
  let bao: OpenBaoServer;
  const replies = {} as Record<Lang, Record<string, Reply>>;

  before(async () => {
    await scaffold({ dir: projects.ts.dir, name: projects.ts.name, lang: 'ts', kind: 'auth' });
    await scaffold({ dir: projects.go.dir, name: projects.go.name, lang: 'go', kind: 'auth' });
  });
  after(async () => {
    await bao?.stop();
  });

  it('the TS project installs, passes its own test and typecheck, and builds', async () => {
    const npm = (...args: string[]) => run('npm', args, { cwd: projects.ts.dir, env: plainEnv, maxBuffer: 16 * 1024 * 1024 });
    await npm('install', '--no-audit', '--no-fund');
    const tests = await npm('test');
    assert.match(tests.stdout, /# pass 1/);
    await npm('run', 'typecheck');
    assert.match((await npm('run', 'build')).stdout, /sha256 [0-9a-f]{64}/);
  });

  it('the Go project passes go test and builds', async () => {
    assert.match((await run('go', ['test', './...'], { cwd: projects.go.dir })).stdout, /^ok/m);
    const build = await run('sh', ['build.sh'], { cwd: projects.go.dir, maxBuffer: 16 * 1024 * 1024 });
    assert.match(build.stdout, /^[0-9a-f]{64} {2}bin\/shared-secret-go$/m);
  });

  it('both load in OpenBao as auth methods and answer every step alike', async () => {
    const pluginDir = path.join(work, 'openbao-plugins');
    await run('mkdir', ['-p', pluginDir]);
    bao = await startOpenBao(pluginDir);
    const baoPath = await ensureOpenBao();
    const env = { ...process.env, VAULT_ADDR: bao.url, VAULT_TOKEN: OPENBAO_DEV_ROOT_TOKEN, BAO_ADDR: bao.url, BAO_TOKEN: OPENBAO_DEV_ROOT_TOKEN };
    const cli = (...args: string[]) => run(baoPath, args, { env }).catch((error: { stderr?: string }) => assert.fail(`bao ${args.join(' ')}: ${error.stderr}\n${bao.log()}`));
    for (const lang of ['ts', 'go'] as const) {
      const { name, dir, binary } = projects[lang];
      await copyFile(path.join(dir, binary), path.join(pluginDir, name));
      const sha256 = createHash('sha256').update(await readFile(path.join(pluginDir, name))).digest('hex');
      await cli('plugin', 'register', `-sha256=${sha256}`, `-command=${name}`, 'auth', name);
      await cli('auth', 'enable', `-path=${name}`, name);
      const mount = `auth/${name}`;
      const root = OPENBAO_DEV_ROOT_TOKEN;
      const steps: Record<string, Reply> = {};
      steps['login before config'] = await api(bao, 'PUT', `${mount}/login`, undefined, { secret: 'let me in' });
      steps['configure'] = await api(bao, 'PUT', `${mount}/config`, root, { secret: 'let me in', token_policies: 'reader' });
      steps['read config'] = await api(bao, 'GET', `${mount}/config`, root);
      steps['login, wrong secret'] = await api(bao, 'PUT', `${mount}/login`, undefined, { secret: 'wrong' });
      const login = await api(bao, 'PUT', `${mount}/login`, undefined, { secret: 'let me in' });
      steps['login, no token'] = login;
      const token = String((login.body?.['auth'] as { client_token?: string } | undefined)?.client_token);
      steps['lookup-self'] = await api(bao, 'GET', 'auth/token/lookup-self', token);
      steps['renew-self'] = await api(bao, 'PUT', 'auth/token/renew-self', token, { increment: '1h' });
      steps['delete config'] = await api(bao, 'DELETE', `${mount}/config`, root);
      steps['renew after config is gone'] = await api(bao, 'PUT', 'auth/token/renew-self', token, {});
      replies[lang] = steps;
    }
    const mask = (reply: Reply, lang: Lang) => comparableReply(reply, projects[lang].name);
    for (const step of Object.keys(replies.ts)) {
      assert.deepEqual(mask(replies.ts[step]!, 'ts'), mask(replies.go[step]!, 'go'), `${step}:\nts ${JSON.stringify(replies.ts[step])}\ngo ${JSON.stringify(replies.go[step])}`);
    }
    const ts = replies.ts;
    assert.deepEqual(ts['login before config']?.body?.['errors'], ['the auth method is not configured yet: write secret to config first']);
    assert.deepEqual(ts['read config']?.body?.['data'], { token_policies: ['reader'] });
    assert.deepEqual(ts['login, wrong secret']?.body?.['errors'], ['invalid secret']);
    assert.deepEqual((ts['login, no token']?.body?.['auth'] as { policies: string[] }).policies, ['default', 'reader']);
    assert.equal((ts['lookup-self']?.body?.['data'] as { display_name: string }).display_name, 'shared-secret-ts-shared-secret');
    assert.equal(ts['renew-self']?.status, 200);
    assert.deepEqual(ts['renew after config is gone']?.body?.['errors'], ['the auth method is no longer configured: log in again once it is']);
  });
});
