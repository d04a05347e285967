// `plugin new` end to end: scaffold a TS and a Go project into a temp folder, run their own test
// and build scripts unchanged, then answer greet/world through each: with Vault's own plugin
// client (Go harness) and through Strongroom's supervisor.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { PluginCatalog, PluginSupervisor } from '../../../../plugin-host';
import { scaffold, ScaffoldError } from '../../../../plugin-host/sdk/cli/plugin-new';
import { ensureFixtures, fixturePath } from '../../../fixtures/plugins/fixtures';
import { MemoryStorage } from '../../../support/memory-storage';

const run = promisify(execFile);
// Without the runner's own marker, so the project's `node --test` reports as it would by hand.
const { NODE_TEST_CONTEXT: _runnerContext, ...plainEnv } = process.env;
const work = await mkdtemp(path.join(tmpdir(), 'plugin-new-'));
after(() => rm(work, { recursive: true, force: true }));

const projects = {
  ts: { dir: path.join(work, 'ts-plugin'), binary: 'dist/greeter-ts', name: 'greeter-ts' },
  go: { dir: path.join(work, 'go-plugin'), binary: 'bin/greeter-go', name: 'greeter-go' },
} as const;

describe('plugin new', { timeout: 600_000 }, () => {
  before(async () => {
    await ensureFixtures({ names: ['strongroom-go-harness'], log: () => {} });
    await scaffold({ dir: projects.ts.dir, name: projects.ts.name, lang: 'ts' });
    await scaffold({ dir: projects.go.dir, name: projects.go.name, lang: 'go' });
  });

  it('refuses a bad name and a non-empty folder', async () => {
    await assert.rejects(scaffold({ dir: path.join(work, 'x'), name: 'Bad Name', lang: 'ts' }), ScaffoldError);
    await assert.rejects(scaffold({ dir: projects.ts.dir, name: 'again', lang: 'ts' }), /not empty/);
  });

  it('the TS project passes its own test and builds', async () => {
    const tests = await run('sh', ['test.sh'], { cwd: projects.ts.dir, env: plainEnv });
    assert.match(tests.stdout, /# pass 1/);
    const build = await run('sh', ['build.sh'], { cwd: projects.ts.dir });
    assert.match(build.stdout, /sha256 [0-9a-f]{64}/);
  });

  it('the Go project passes go test and builds', async () => {
    const tests = await run('go', ['test', './...'], { cwd: projects.go.dir });
    assert.match(tests.stdout, /^ok/m);
    const build = await run('sh', ['build.sh'], { cwd: projects.go.dir, maxBuffer: 16 * 1024 * 1024 });
    assert.match(build.stdout, /^[0-9a-f]{64} {2}bin\/greeter-go$/m);
  });

  for (const lang of ['ts', 'go'] as const) {
    it(`${lang}: Vault's plugin client (Go harness) mounts it and reads greet/world`, async () => {
      const { stdout } = await run(fixturePath('strongroom-go-harness'), [
        'bench', '--plugin', path.join(projects[lang].dir, projects[lang].binary),
        '--write-path', '', '--read-path', 'greet/world', '--requests', '1', '--cold-starts', '1',
      ]);
      assert.ok((JSON.parse(stdout) as { p50_us: number }).p50_us > 0);
    });

    it(`${lang}: registered in Strongroom's catalog, answers greet/world through the supervisor`, async () => {
      const binary = path.join(projects[lang].dir, projects[lang].binary);
      const catalog = new PluginCatalog({ pluginDirectory: path.dirname(binary) });
      await catalog.register({ type: 'secret', name: projects[lang].name, command: path.basename(binary), args: [] });
      const supervisor = new PluginSupervisor({ catalog });
      try {
        supervisor.addMount({ id: 'm', path: 'greeter/', pluginType: 'secret', pluginName: projects[lang].name, storage: new MemoryStorage() });
        const result = await supervisor.request('m', { operation: 'read', path: 'greet/world' });
        assert.deepEqual(result.response?.data, { message: 'Hello, world!' });
      } finally {
        await supervisor.stop();
      }
    });
  }
});
