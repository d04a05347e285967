// `plugin new --kind auth` end to end: scaffold a TS and a Go auth method into a temp folder, run
// their own test and build scripts unchanged (the TS one an ordinary npm project on the SDK
// tarball it vendors), then load both, unedited, in a real OpenBao: registered with the bao CLI as
// auth plugins, enabled with `bao auth enable`, configured, logged in without a token, the token
// used and renewed, and renewal refused once the configuration is gone; both answer alike. Then
// both load, unedited, in Strongroom (registered by sha256 and enabled over its Vault HTTP API)
// and answer the same steps as OpenBao did, but for the differences the root README names.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { scaffold } from '../../../sdk/cli/plugin-new';
import { ensureOpenBao, OPENBAO_DEV_ROOT_TOKEN, startOpenBao, type OpenBaoServer } from '../../support/openbao';
import { comparableReply, entityIds, hostComparableReply, refusedByStrongroom, type Reply } from '../../examples/userpass-compare';
import { installPlugins } from '../../electron/core/core-helpers';
import { startApiHarness, type ApiHarness } from '../../electron/vault-api/api-harness';

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

async function api(host: { url: string }, method: string, apiPath: string, token: string | undefined, body?: unknown): Promise<Reply> {
  const response = await fetch(`${host.url}/v1/${apiPath}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token === undefined ? {} : { 'X-Vault-Token': token }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as Record<string, unknown>) };
}

/** The skeleton's steps on one host where the plugin is enabled at `auth/<name>`. */
async function skeletonSteps(host: { url: string; root: string }, name: string): Promise<Record<string, Reply>> {
  const mount = `auth/${name}`;
  const root = host.root;
  const steps: Record<string, Reply> = {};
  steps['login before config'] = await api(host, 'PUT', `${mount}/login`, undefined, { secret: 'let me in' });
  steps['configure'] = await api(host, 'PUT', `${mount}/config`, root, { secret: 'let me in', token_policies: 'reader' });
  steps['read config'] = await api(host, 'GET', `${mount}/config`, root);
  steps['login, wrong secret'] = await api(host, 'PUT', `${mount}/login`, undefined, { secret: 'wrong' });
  const login = await api(host, 'PUT', `${mount}/login`, undefined, { secret: 'let me in' });
  steps['login, no token'] = login;
  const token = String((login.body?.['auth'] as { client_token?: string } | undefined)?.client_token);
  steps['lookup-self'] = await api(host, 'GET', 'auth/token/lookup-self', token);
  steps['renew-self'] = await api(host, 'PUT', 'auth/token/renew-self', token, { increment: '1h' });
  steps['delete config'] = await api(host, 'DELETE', `${mount}/config`, root);
  steps['renew after config is gone'] = await api(host, 'PUT', 'auth/token/renew-self', token, {});
  steps['lookup-self after the refusal'] = await api(host, 'GET', 'auth/token/lookup-self', token);
  return steps;
}

describe('plugin new --kind auth', { timeout: 600_000 }, () => {
  let bao: OpenBaoServer;
  let strongroom: ApiHarness | undefined;
  const replies = {} as Record<Lang, Record<string, Reply>>;

  before(async () => {
    await scaffold({ dir: projects.ts.dir, name: projects.ts.name, lang: 'ts', kind: 'auth' });
    await scaffold({ dir: projects.go.dir, name: projects.go.name, lang: 'go', kind: 'auth' });
  });
  after(async () => {
    await bao?.stop();
    await strongroom?.close();
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
      const steps = await skeletonSteps({ url: bao.url, root: OPENBAO_DEV_ROOT_TOKEN }, name);
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

  it('both load in Strongroom, unedited, and answer every step as OpenBao did', async () => {
    assert.ok(replies.ts !== undefined && replies.go !== undefined, 'the OpenBao step ran first');
    strongroom = await startApiHarness();
    await strongroom.init();
    const pluginDir = await installPlugins(strongroom.dataDir, []);
    const host = { url: strongroom.api.url, root: strongroom.token };
    for (const lang of ['ts', 'go'] as const) {
      const { name, dir, binary } = projects[lang];
      await copyFile(path.join(dir, binary), path.join(pluginDir, name));
      await chmod(path.join(pluginDir, name), 0o755);
      const sha256 = createHash('sha256').update(await readFile(path.join(pluginDir, name))).digest('hex');
      const registered = await api(host, 'PUT', `sys/plugins/catalog/auth/${name}`, host.root, { sha256, command: name });
      assert.equal(registered.status, 204, `register ${name}: ${JSON.stringify(registered.body)}`);
      const enabled = await api(host, 'PUT', `sys/auth/${name}`, host.root, { type: name });
      assert.equal(enabled.status, 204, `enable ${name}: ${JSON.stringify(enabled.body)}`);
      const [reference, ours] = [replies[lang], await skeletonSteps(host, name)];
      for (const step of Object.keys(reference)) {
        if (step === 'renew after config is gone' || step === 'lookup-self after the refusal') continue;
        const [a, b] = [hostComparableReply(reference[step]!, name, 'openbao'), hostComparableReply(ours[step]!, name, 'strongroom')];
        assert.deepEqual(b, a, `${lang} ${step}:\nOpenBao ${JSON.stringify(reference[step])}\nStrongroom ${JSON.stringify(ours[step])}`);
      }
      assert.ok(entityIds(ours['login, no token']?.body).every((id) => id === ''), 'no identity store: no entity');
      // Where Strongroom differs on purpose (root README): the refusal, in the plugin's words, ends the token.
      const refusal = 'renew after config is gone';
      assert.equal(ours[refusal]?.status, reference[refusal]?.status);
      assert.deepEqual(ours[refusal]?.body?.['errors'], [refusedByStrongroom('the auth method is no longer configured: log in again once it is')]);
      assert.equal(reference['lookup-self after the refusal']?.status, 200);
      assert.equal(ours['lookup-self after the refusal']?.status, 403);
    }
  });
});
