// The development-mode section `plugin:new` writes into a TS project's README
// (`sdk/cli/template-dev-mode.ts`), followed as written: its commands are taken from the README
// and run by bash in the new project (npm install and build, the copy into the plugin directory,
// `$(sha256sum …)` and `$PWD`), with `vault` a shell function that records each call, then sent
// as the vault CLI sends them over Strongroom's Vault HTTP API (string values, as the CLI sends
// k=v). Then the source is edited as the README's step 3 says, and the same read answers anew.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { scaffold } from '../../../sdk/cli/plugin-new';
import { DEV_MODE_BEGIN, DEV_MODE_END } from '../../../sdk/cli/template-dev-mode';
import { nextEvent } from '../../support/next-event';
import { apiRequest, startApiHarness, type ApiHarness, type ApiReply } from '../../electron/vault-api/api-harness';

const run = promisify(execFile);
const { NODE_TEST_CONTEXT: _runnerContext, ...plainEnv } = process.env;
const NAME = 'greeter-dev';
// A rebuild is seconds at most; this only bounds a broken run.
const RELOAD_WAIT_MS = 60_000;
const work = await mkdtemp(path.join(tmpdir(), 'd4-plugin-new-dev-'));
const project = path.join(work, NAME);
after(() => rm(work, { recursive: true, force: true }));

/** The README section's shell lines: its code block (indented in the numbered list), continuations joined. */
function sectionCommands(readme: string): string[] {
  const start = readme.indexOf(DEV_MODE_BEGIN);
  const end = readme.indexOf(DEV_MODE_END);
  assert.ok(start >= 0 && end > start, 'the README has the development-mode section');
  const block = readme
    .slice(start, end)
    .split('\n')
    .filter((line) => /^ {7,}\S/.test(line))
    .map((line) => line.trim());
  return block.join('\n').replace(/\\\n\s*/g, '').split('\n');
}

/** One recorded `vault …` call, as the vault CLI would send it. */
async function vault(harness: ApiHarness, args: string[]): Promise<ApiReply> {
  const call = (method: string, apiPath: string, body?: unknown) => apiRequest(harness.api.url, method, apiPath, { token: harness.token, ...(body === undefined ? {} : { body }) });
  const [verb, ...rest] = args;
  if (verb === 'write') {
    const [apiPath, ...pairs] = rest;
    return call('PUT', apiPath!, Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)])));
  }
  if (verb === 'read') return call('GET', rest[0]!);
  if (verb === 'secrets' && rest[0] === 'enable') return call('POST', `sys/mounts/${rest[1]}`, { type: rest[1] });
  throw new Error(`the README runs a vault command this test does not know: vault ${args.join(' ')}`);
}

describe('plugin:new: the README development-mode section, followed', { timeout: 600_000 }, () => {
  let harness: ApiHarness;
  let pluginDir: string;
  let commands: string[];
  const replies: ApiReply[] = [];

  before(async () => {
    await scaffold({ dir: project, name: NAME, lang: 'ts' });
    harness = await startApiHarness();
    await harness.init();
    pluginDir = path.join(harness.dataDir, 'plugins');
  });
  after(async () => {
    await harness?.close();
  });

  it('step 2 as written: build, copy, register with development=true and source_dir, enable, read', async () => {
    commands = sectionCommands(fs.readFileSync(path.join(project, 'README.md'), 'utf8'));
    assert.ok(commands.some((line) => line.includes('development=true') && line.includes('source_dir="$PWD/src"')), commands.join('\n'));
    // Strongroom's plugin directory is the harness's (the README names Linux's default and says Settings shows the one in use).
    const script = commands.map((line) => line.replaceAll('~/.config/Strongroom/plugins', pluginDir)).join('\n');
    const record = path.join(work, 'vault-calls');
    fs.mkdirSync(record);
    const shell = `set -e\nn=0\nvault() { n=$((n+1)); printf '%s\\0' "$@" > "${record}/$(printf %03d $n)"; }\n${script}\n`;
    await run('bash', ['-c', shell], { cwd: project, env: plainEnv, maxBuffer: 16 * 1024 * 1024 });
    assert.ok(fs.existsSync(path.join(pluginDir, NAME)), 'the build was copied into the plugin directory');
    for (const file of fs.readdirSync(record).sort()) {
      const args = fs.readFileSync(path.join(record, file), 'utf8').split('\0').slice(0, -1);
      const reply = await vault(harness, args);
      assert.ok(reply.status < 300, `vault ${args.join(' ')}: ${reply.status} ${reply.text}`);
      replies.push(reply);
    }
    assert.deepEqual((replies.at(-1)?.body?.['data'] as Record<string, unknown>) ?? {}, { message: 'Hello, world!' });
    const entry = await vault(harness, ['read', `sys/plugins/catalog/secret/${NAME}`]);
    const development = (entry.body?.['data'] as Record<string, unknown>)['development'] as Record<string, unknown>;
    assert.equal(development['source_dir'], path.join(project, 'src'));
  });

  it('step 3 as written: edit src/backend.ts and save; the next read is answered by the new code', async () => {
    const loop = fs.readFileSync(path.join(project, 'README.md'), 'utf8');
    assert.match(loop, /Now edit `src\/backend\.ts` and save: that is the whole loop\./);
    const backend = path.join(project, 'src', 'backend.ts');
    const text = fs.readFileSync(backend, 'utf8');
    assert.ok(text.includes('`Hello, '), 'the template greets with Hello');
    const reloaded = nextEvent(harness.services.events, 'plugins.reloaded', (event) => event.name === NAME, RELOAD_WAIT_MS);
    fs.writeFileSync(backend, text.replace('`Hello, ', '`Hi again, '));
    assert.deepEqual((await reloaded).mounts, [`${NAME}/`]);
    const read = commands.find((line) => line.startsWith('vault read '))!.split(' ').slice(1);
    const reply = await vault(harness, read);
    assert.deepEqual(reply.body?.['data'], { message: 'Hi again, world!' });
  });
});
