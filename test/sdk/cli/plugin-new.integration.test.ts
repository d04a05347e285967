// `plugin new` end to end: scaffold a TS and a Go project into a temp folder, run their own test
// and build scripts unchanged (the TS one an ordinary npm project: npm install, its own tsx and
// TypeScript, the SDK from the tarball it vendors), then answer greet/world through each: with
// Vault's own plugin client (Go harness) and through Strongroom's supervisor.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { PluginCatalog, PluginSupervisor } from '../../../plugin-host';
import { scaffold, ScaffoldError } from '../../../sdk/cli/plugin-new';
import { ensureFixtures, fixturePath } from '../../fixtures/plugins/fixtures';
import { MemoryStorage } from '../../support/memory-storage';

const run = promisify(execFile);
// Without the runner's own marker, so the project's `node --test` reports as it would by hand.
const { NODE_TEST_CONTEXT: _runnerContext, ...plainEnv } = process.env;
const work = await mkdtemp(path.join(tmpdir(), 'plugin-new-'));
after(() => rm(work, { recursive: true, force: true }));

const projects = {
  ts: { dir: path.join(work, 'ts-plugin'), binary: 'dist/greeter-ts', name: 'greeter-ts' },
  go: { dir: path.join(work, 'go-plugin'), binary: 'bin/greeter-go', name: 'greeter-go' },
} as const;

let tsFiles: string[] = [];

describe('plugin new', { timeout: 600_000 }, () => {
  before(async () => {
    await ensureFixtures({ names: ['strongroom-go-harness'], log: () => {} });
    tsFiles = await scaffold({ dir: projects.ts.dir, name: projects.ts.name, lang: 'ts' });
    await scaffold({ dir: projects.go.dir, name: projects.go.name, lang: 'go' });
  });

  it('refuses a bad name and a non-empty folder', async () => {
    await assert.rejects(scaffold({ dir: path.join(work, 'x'), name: 'Bad Name', lang: 'ts' }), ScaffoldError);
    await assert.rejects(scaffold({ dir: projects.ts.dir, name: 'again', lang: 'ts' }), /not empty/);
  });

  it('the TS project depends on the SDK tarball it vendors, not on this checkout', async () => {
    const manifest = JSON.parse(await readFile(path.join(projects.ts.dir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const dependency = manifest.dependencies['@strongroom/plugin-sdk'] ?? '';
    assert.match(dependency, /^file:vendor\/strongroom-plugin-sdk-[\d.]+\.tgz$/);
    assert.ok(tsFiles.includes(dependency.slice('file:'.length)), `scaffold did not report ${dependency}: ${tsFiles.join(', ')}`);
    assert.deepEqual(Object.keys(manifest.devDependencies).sort(), ['@types/node', 'tsx', 'typescript']);
    const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
    for (const file of ['package.json', 'tsconfig.json', 'build.ts', 'src/main.ts', 'README.md']) {
      const text = await readFile(path.join(projects.ts.dir, file), 'utf8');
      assert.ok(!text.includes(repoRoot), `${file} names the checkout it was made from`);
    }
  });

  it('the TS project installs, passes its own test and typecheck, and builds', async () => {
    const npm = (...args: string[]) => run('npm', args, { cwd: projects.ts.dir, env: plainEnv, maxBuffer: 16 * 1024 * 1024 });
    await npm('install', '--no-audit', '--no-fund');
    const tests = await npm('test');
    assert.match(tests.stdout, /# pass 1/);
    await npm('run', 'typecheck');
    const build = await npm('run', 'build');
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
