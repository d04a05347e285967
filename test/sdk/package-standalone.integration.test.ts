/**
 * The standalone build (a Node single executable application) of the TS hello plugin: the same
 * bytes for the same source, runnable with no Node anywhere on PATH, registered by sha256 in a
 * real OpenBao 2.7.2 whose environment has no node (and where the ordinary `#!/usr/bin/env node`
 * bundle fails to start, so the environment is shown to lack it), and loaded by Strongroom.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { AppServices } from '../../electron/core/app-services';
import { packagePlugin, packageStandalone, sha256File, StandaloneBuildError, type PackagedPlugin } from '../../sdk/package-plugin';
import { call, openServices, PASSPHRASE, removeDir, tempDataDir } from '../electron/core/core-helpers';
import { ensureOpenBao, startOpenBao, type OpenBaoServer } from '../support/openbao';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const entry = path.join(repo, 'examples/ts/hello/main.ts');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sdk-standalone-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

/** Runs a file with exactly `env` (no magic cookie, so a plugin prints its notice and exits 1). */
async function runWith(file: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(file, [], { env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('standalone TS plugin (Node SEA)', { timeout: 600_000 }, () => {
  let standalone: PackagedPlugin;
  let bundle: PackagedPlugin;

  before(async () => {
    standalone = await packagePlugin(entry, path.join(work, 'a', 'hello'), { standalone: true });
    bundle = await packagePlugin(entry, path.join(work, 'bundle', 'hello'));
  });

  it('is one executable file carrying its own Node, mode 755', async () => {
    const stat = fs.statSync(standalone.file);
    assert.equal(stat.mode & 0o777, 0o755);
    assert.equal(stat.size, standalone.bytes);
    assert.ok(standalone.bytes > 20 * bundle.bytes, `${standalone.bytes} bytes is not a Node binary plus a ${bundle.bytes}-byte bundle`);
    assert.equal((await fs.promises.readFile(standalone.file)).subarray(0, 4).toString('latin1'), '\x7fELF');
    assert.equal(await sha256File(standalone.file), standalone.sha256);
  });

  it('same source and Node binary → same bytes and sha256, built in another folder', async () => {
    const again = await packageStandalone(entry, path.join(work, 'b', 'plugin'));
    assert.equal(again.sha256, standalone.sha256);
    assert.equal(again.bytes, standalone.bytes);
  });

  it('run by hand with an empty folder as PATH: the notice on stderr, exit 1', async () => {
    // An empty PATH, not an unset one: with none, `env` falls back to /bin:/usr/bin.
    const env = { PATH: fs.mkdtempSync(path.join(work, 'empty-path-')) };
    const run = await runWith(standalone.file, env);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /not meant to be run directly/);
    // The bundle, by contrast, needs node from PATH.
    const needsNode = await runWith(bundle.file, env);
    assert.equal(needsNode.code, 127, needsNode.stderr);
    assert.match(needsNode.stderr, /env: .?node.?: No such file or directory/);
  });

  it('refuses a Node binary that cannot become one, saying what to pass instead', async () => {
    const out = path.join(work, 'refused', 'plugin');
    await assert.rejects(packageStandalone(entry, out, { node: '/bin/sh' }), (error: Error) => {
      assert.ok(error instanceof StandaloneBuildError);
      assert.match(error.message, /^\/bin\/sh is not a Node binary with single executable application support.*pass --node <path of an official Node binary/);
      return true;
    });
    await assert.rejects(packageStandalone(entry, out, { node: standalone.file }), /is itself a single executable application; pass --node <path of a plain Node binary>/);
    await assert.rejects(packageStandalone(entry, out, { node: path.join(work, 'missing-node') }), /cannot read the Node binary .*missing-node/);
    assert.equal(fs.existsSync(out), false);
  });

  describe('OpenBao 2.7.2 with no node on its PATH', () => {
    let bao: OpenBaoServer;
    let pathWithoutNode: string;

    before(async () => {
      // The only folder on PATH holds a link to bao: it needs nothing else (the PyPI wrapper
      // names its Python by absolute path), and its plugins find no node there.
      const binDir = path.join(work, 'bao-only-bin');
      fs.mkdirSync(binDir);
      fs.symlinkSync(fs.realpathSync(await ensureOpenBao()), path.join(binDir, 'bao'));
      pathWithoutNode = binDir;
      // -dev-plugin-dir registers every file in it at start: start empty, copy the plugins in after.
      const pluginDir = path.join(work, 'bao-plugins');
      fs.mkdirSync(pluginDir);
      bao = await startOpenBao(pluginDir, [], { env: { ...process.env, PATH: pathWithoutNode } });
      fs.copyFileSync(standalone.file, path.join(pluginDir, 'hello-sea'));
      fs.copyFileSync(bundle.file, path.join(pluginDir, 'hello-node'));
      for (const name of ['hello-sea', 'hello-node']) fs.chmodSync(path.join(pluginDir, name), 0o755);
    });
    after(() => bao?.stop());

    it('the PATH it runs with has no node', () => {
      for (const dir of pathWithoutNode.split(path.delimiter)) assert.equal(fs.existsSync(path.join(dir, 'node')), false, `${dir} has node`);
    });

    it('registered by sha256 and mounted, it answers', async () => {
      const registered = await bao.request('PUT', 'sys/plugins/catalog/secret/hello-sea', { sha256: standalone.sha256, command: 'hello-sea' });
      assert.equal(registered.status, 204, JSON.stringify(registered.body));
      const mounted = await bao.request('POST', 'sys/mounts/hello', { type: 'hello-sea' });
      assert.equal(mounted.status, 204, `${JSON.stringify(mounted.body)}\n${bao.log()}`);
      const configured = await bao.request('PUT', 'hello/config', { custom_prefix: 'hi, ' });
      assert.equal(configured.status, 204, JSON.stringify(configured.body));
      const greeted = await bao.request('GET', 'hello/hello/world');
      assert.equal(greeted.status, 200, JSON.stringify(greeted.body));
      assert.deepEqual(greeted.body?.data, { message: 'hi, world' });
    });

    // The same bundle loads in an OpenBao with node on its PATH (openbao.integration.test.ts).
    it('the node bundle, registered the same way, cannot start there', async () => {
      const registered = await bao.request('PUT', 'sys/plugins/catalog/secret/hello-node', { sha256: bundle.sha256, command: 'hello-node' });
      assert.equal(registered.status, 204, JSON.stringify(registered.body));
      const mounted = await bao.request('POST', 'sys/mounts/hello-node', { type: 'hello-node' });
      assert.ok(mounted.status >= 400, `mounting the node bundle answered ${mounted.status}`);
      assert.match(JSON.stringify(mounted.body), /Failed to read any lines from plugin's stdout/);
    });
  });

  describe("Strongroom's host", () => {
    let services: AppServices;
    let dataDir: string;

    before(async () => {
      dataDir = tempDataDir();
      const plugins = path.join(dataDir, 'plugins');
      fs.mkdirSync(plugins, { recursive: true, mode: 0o700 });
      fs.copyFileSync(standalone.file, path.join(plugins, 'hello-sea'));
      fs.chmodSync(path.join(plugins, 'hello-sea'), 0o755);
      services = await openServices(dataDir);
      await call(services, 'seal.init', { passphrase: PASSPHRASE });
    });
    after(async () => {
      await services?.close();
      removeDir(dataDir);
    });

    it('registered by sha256 and mounted, it answers', async () => {
      const entryView = await call(services, 'plugins.register', { type: 'secret', name: 'hello-sea', command: 'hello-sea', sha256: standalone.sha256 });
      assert.equal(entryView.sha256, standalone.sha256);
      await call(services, 'mounts.enable', { path: 'hello', type: 'hello-sea' });
      await call(services, 'requests.handle', { path: 'hello/config', operation: 'write', data: { custom_prefix: 'hi, ' } });
      const greeted = await call(services, 'requests.handle', { path: 'hello/hello/world', operation: 'read' });
      assert.deepEqual(greeted.data, { message: 'hi, world' });
    });
  });
});
