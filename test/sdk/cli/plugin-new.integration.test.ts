// `plugin new` end to end: scaffold a TS and a Go project into a temp folder, run their own test
// and build scripts unchanged (the TS one an ordinary npm project: npm install, its own tsx and
// TypeScript, the SDK from the tarball it vendors; its standalone build too; the Go one into a
// plugin directory given to build.sh, as development mode wants it), then answer greet/world
// through each: with Vault's own plugin client (Go harness) and through Strongroom's supervisor.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { PluginCatalog, PluginSupervisor } from '../../../plugin-host';
import { sha256File } from '../../../sdk/package-plugin';
import { scaffold, ScaffoldError } from '../../../sdk/cli/plugin-new';
import { DEV_MODE_BEGIN, DEV_MODE_END } from '../../../sdk/cli/template-dev-mode';
import { ensureFixtures, fixturePath } from '../../fixtures/plugins/fixtures';
import { MemoryStorage } from '../../support/memory-storage';

const run = promisify(execFile);
// Without the runner's own marker, so the project's `node --test` reports as it would by hand.
const { NODE_TEST_CONTEXT: _runnerContext, ...plainEnv } = process.env;
const work = await mkdtemp(path.join(tmpdir(), 'plugin-new-'));
after(() => rm(work, { recursive: true, force: true }));

const projects = {
  ts: { dir: path.join(work, 'ts-plugin'), binary: 'dist/greeter-ts', name: 'greeter-ts' },
  // The same project's `npm run build:standalone`: a Node single executable application.
  'ts-standalone': { dir: path.join(work, 'ts-plugin'), binary: 'dist/standalone/greeter-ts', name: 'greeter-ts-standalone' },
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
    const standalone = await npm('run', 'build:standalone');
    const printed = /dist\/standalone\/greeter-ts\nsha256 ([0-9a-f]{64})/.exec(standalone.stdout)?.[1];
    assert.ok(printed !== undefined, standalone.stdout);
    assert.equal(await sha256File(path.join(projects.ts.dir, 'dist/standalone/greeter-ts')), printed);
  });

  it('the Go project passes go test and builds', async () => {
    const tests = await run('go', ['test', './...'], { cwd: projects.go.dir });
    assert.match(tests.stdout, /^ok/m);
    const build = await run('sh', ['build.sh'], { cwd: projects.go.dir, maxBuffer: 16 * 1024 * 1024 });
    assert.match(build.stdout, /^[0-9a-f]{64} {2}bin\/greeter-go$/m);
    // Into a plugin directory named on the command line (relative to where it runs), as the
    // README's development-mode steps do.
    const pluginDir = path.join(work, 'go-plugin-dir');
    const intoDir = await run('sh', [path.join(projects.go.dir, 'build.sh'), path.relative(work, pluginDir)], { cwd: work, maxBuffer: 16 * 1024 * 1024 });
    const [sha256, file] = intoDir.stdout.trim().split(/ {2}/);
    assert.equal(file, path.join(pluginDir, 'greeter-go'));
    assert.equal(await sha256File(path.join(pluginDir, 'greeter-go')), sha256);
  });

  for (const lang of ['ts', 'go'] as const) {
    it(`${lang}: the README says how to open it in development mode, naming what exists`, async () => {
      const readme = await readFile(path.join(projects[lang].dir, 'README.md'), 'utf8');
      const begin = readme.indexOf(DEV_MODE_BEGIN);
      const end = readme.indexOf(DEV_MODE_END);
      assert.ok(begin >= 0 && end > begin && readme.indexOf(DEV_MODE_BEGIN, begin + 1) === -1, 'one marked development-mode section');
      const section = readme.slice(begin, end);
      assert.match(section, /^## Development mode in Strongroom$/m);
      assert.match(section, new RegExp(`vault write sys/plugins/catalog/secret/${projects[lang].name} command=${projects[lang].name} \\\\\n.*development=true`));
      assert.match(section, /plugins\.setDevelopment/);
      if (lang === 'ts') {
        // Development mode rebuilds the folder's main.ts: the section's source_dir must hold one.
        assert.match(section, /source_dir="\$PWD\/src"/);
        assert.ok(fs.existsSync(path.join(projects.ts.dir, 'src', 'main.ts')));
      } else {
        assert.match(section, /sh build\.sh ~\/\.config\/Strongroom\/plugins/);
      }
    });
  }

  for (const lang of ['ts', 'ts-standalone', 'go'] as const) {
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
