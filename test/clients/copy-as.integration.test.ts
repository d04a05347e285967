/**
 * Every "Copy as" snippet (renderer/src/pages/request/copy-as.ts) run for real against Strongroom's
 * Vault API: for each tool (bao, vault, curl, hvac, node-vault) a write of awkward values (spaces,
 * quotes, `'`, `$`, backticks, newlines, unicode, values the CLI would read as a file or stdin,
 * nested JSON, numbers), a read and a list whose answers are checked, a KV v2 write and a merge
 * patch, a delete and a path-help; each effect is read back through the API itself.
 * `STRONGROOM_CLIENTS_HOST_A=openbao` runs the same snippets against a real OpenBao 2.7.2, which
 * shows they are right for Vault's API and not only for Strongroom's.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { RequestOperation } from '../../electron/common/contract/requests';
import { COPY_TOOLS, copyAs, type CopyTool } from '../../renderer/src/pages/request/copy-as';
import { snippetRunner, type SnippetAnswer, type SnippetRunner } from './support/snippet-runner';
import { startReferenceOpenBao } from './support/reference-openbao';
import { startStrongroomHost } from './support/strongroom-host';
import { hostAKind, type VaultHost } from './support/vault-host';

let host: VaultHost;
let workDir: string;
let token: string;
let runner: SnippetRunner;

async function api(method: string, apiPath: string, body?: unknown, withToken = true): Promise<{ status: number; body: Record<string, unknown> | null }> {
  const response = await fetch(`${host.addr}/v1/${apiPath}`, {
    method,
    headers: { ...(withToken ? { 'X-Vault-Token': token } : {}), 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as Record<string, unknown>) };
}

before(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-copy-as-'));
  host = hostAKind() === 'openbao' ? await startReferenceOpenBao('A', workDir) : await startStrongroomHost('A', workDir);
  token = '';
  const init = await api('PUT', 'sys/init', { secret_shares: 1, secret_threshold: 1 }, false);
  assert.equal(init.status, 200, JSON.stringify(init.body));
  token = init.body?.root_token as string;
  const unseal = await api('PUT', 'sys/unseal', { key: (init.body?.keys_base64 as string[])[0] }, false);
  assert.equal(unseal.status, 200, JSON.stringify(unseal.body));
  for (const [mount, version] of [['kv1', '1'], ['kv2', '2']] as const) {
    const mounted = await api('POST', `sys/mounts/${mount}`, { type: 'kv', options: { version } });
    assert.equal(mounted.status, 204, JSON.stringify(mounted.body));
  }
  runner = await snippetRunner(workDir, token);
});

after(async () => {
  await host?.stop();
  if (workDir !== undefined) fs.rmSync(workDir, { recursive: true, force: true });
});

/** Strings the CLI takes as `k=v` pairs, each one a quoting trap. */
const FLAT = {
  quotes: `it's a "test" with $HOME, $(id), \`id\` and a \\ backslash`,
  'key with spaces': 'two\nlines\n\nand a tab\t!',
  unicode: 'héllo ✓ 🔐 日本語',
  'semi;colon': "'; echo pwned; '",
};
/** What cannot go as pairs: a map, a list, a number, a boolean, a value bao would read from a file (`@`) or stdin (`-`). */
const NESTED = {
  nested: { deep: ['x', 1, true, null], "it's": { '$HOME': 'EOF' } },
  count: 3,
  enabled: false,
  from_file: '@/etc/passwd',
  dash: '-',
  'a=b': 'key with an equals sign',
  multiline: 'EOF\nline 2\n',
};

async function runOk(tool: CopyTool, operation: RequestOperation, requestPath: string, data?: Record<string, unknown>): Promise<SnippetAnswer> {
  const snippet = copyAs(tool, { path: requestPath, operation, data }, host.addr);
  assert.doesNotMatch(`${snippet.envLine}\n${snippet.code}`, new RegExp(token.replace(/[.]/g, '\\.')), 'the token is never in the copied text');
  const answer = await runner.run(snippet);
  assert.equal(answer.exit, 0, `the ${tool} snippet failed:\n${snippet.envLine}\n${snippet.code}\nstdout: ${answer.stdout}\nstderr: ${answer.stderr}`);
  return answer;
}

/** A read's or list's answer: the JSON each tool prints (bao with BAO_FORMAT/VAULT_FORMAT=json). */
function dataOf(answer: SnippetAnswer): Record<string, unknown> {
  const parsed = JSON.parse(answer.stdout) as { data?: Record<string, unknown> };
  assert.ok(parsed.data !== undefined, `no data in ${answer.stdout}`);
  return parsed.data;
}

for (const tool of COPY_TOOLS) {
  const base = `${tool}-case`;

  test(`${tool}: a write of awkward strings as k=v, read back through the API`, async () => {
    // The path too: a space and a quote, percent-encoded where the tool builds a URL.
    await runOk(tool, 'create', `kv1/${base}/flat it's`, FLAT);
    const stored = await api('GET', `kv1/${base}/flat%20it's`);
    assert.equal(stored.status, 200);
    assert.deepEqual(stored.body?.data, FLAT);
  });

  test(`${tool}: a write of nested JSON, numbers, '@', '-' and '=' goes in unchanged`, async () => {
    await runOk(tool, 'update', `kv1/${base}/nested`, NESTED);
    const stored = await api('GET', `kv1/${base}/nested`);
    assert.deepEqual(stored.body?.data, NESTED);
  });

  test(`${tool}: strings a CLI would read from a file ('@') or stdin ('-') are stored as typed`, async () => {
    const literal = { from_file: '@/etc/hostname', dash: '-' };
    await runOk(tool, 'create', `kv1/${base}/literal`, literal);
    const stored = await api('GET', `kv1/${base}/literal`);
    assert.deepEqual(stored.body?.data, literal);
  });

  test(`${tool}: a read answers the stored values`, async () => {
    await api('POST', `kv1/${base}/read`, { ...FLAT, ...NESTED });
    const answer = await runOk(tool, 'read', `kv1/${base}/read`);
    assert.deepEqual(dataOf(answer), { ...FLAT, ...NESTED });
  });

  test(`${tool}: a list answers the keys under a folder`, async () => {
    await api('POST', `kv1/${base}/folder/one`, { v: '1' });
    await api('POST', `kv1/${base}/folder/sub/two`, { v: '2' });
    const answer = await runOk(tool, 'list', `kv1/${base}/folder/`);
    // The CLIs print a list's keys alone (`-format=json`); the others the whole response.
    const keys = tool === 'bao' || tool === 'vault' ? (JSON.parse(answer.stdout) as unknown) : dataOf(answer).keys;
    assert.deepEqual(keys, ['one', 'sub/']);
  });

  test(`${tool}: a KV v2 write and a merge patch, the versions read back through the API`, async () => {
    await runOk(tool, 'write', `kv2/data/${base}`, { data: { ...FLAT, keep: 'me' } });
    const patch = { data: { quotes: "patched: it's $1", keep: null, added: { list: [1, 2] } } };
    await runOk(tool, 'patch', `kv2/data/${base}`, patch);
    const stored = await api('GET', `kv2/data/${base}`);
    const secret = stored.body?.data as { data: Record<string, unknown>; metadata: { version: number } };
    assert.equal(secret.metadata.version, 2);
    const { keep: _dropped, ...kept } = FLAT as Record<string, unknown>;
    assert.deepEqual(secret.data, { ...kept, quotes: "patched: it's $1", added: { list: [1, 2] } });
  });

  test(`${tool}: a delete removes the secret`, async () => {
    await api('POST', `kv1/${base}/gone`, { v: 'soon' });
    await runOk(tool, 'delete', `kv1/${base}/gone`);
    const stored = await api('GET', `kv1/${base}/gone`);
    assert.equal(stored.status, 404);
  });
}

for (const tool of COPY_TOOLS) {
  test(`${tool}: help answers the plugin's help for the path`, async () => {
    const answer = await runOk(tool, 'help', `kv1/${tool}-case/read`);
    const help = tool === 'bao' || tool === 'vault' ? answer.stdout : String((JSON.parse(answer.stdout) as { help?: unknown }).help);
    assert.match(help, /Pass-through secret storage/);
  });
}

test('a snippet run with a wrong token is refused: the token really comes from the environment', async () => {
  const wrong = await snippetRunner(path.join(workDir, 'wrong'), 's.not-a-token');
  for (const tool of COPY_TOOLS) {
    const answer = await wrong.run(copyAs(tool, { path: 'kv1/anything', operation: 'read' }, host.addr));
    assert.notEqual(answer.exit, 0, `${tool} succeeded with a wrong token: ${answer.stdout}`);
    assert.match(answer.stdout + answer.stderr, /permission denied/, tool);
  }
});
