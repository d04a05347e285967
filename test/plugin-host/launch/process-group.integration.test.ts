import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { launchPlugin } from '../../../plugin-host/launch/launcher';
import { createHostCertificate } from '../../../plugin-host/launch/mtls';
import { PluginSupervisor } from '../../../plugin-host/supervisor/supervisor';
import { processAlive } from '../../support/processes';
import { startHarness, type Harness } from '../../support/supervisor-harness';

// strongroom-misbehave fork-child starts `sleep 600` and writes its pid to a file: whatever ends the
// plugin must end that child too.
const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
let work = '';
let harness: Harness;
let mounts = 0;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'sr-pgroup-'));
  harness = await startHarness([], { socketRoot: work });
});

after(async () => {
  await harness.supervisor.stop();
  await rm(work, { recursive: true, force: true });
});

async function until(condition: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`${what} (waited ${limitMs} ms)`);
    await new Promise((done) => setTimeout(done, 25));
  }
}

async function readPid(file: string): Promise<number> {
  let text = '';
  await until(() => {
    void readFile(file, 'utf8').then((read) => (text = read), () => undefined);
    return text !== '';
  }, `the plugin wrote its child's pid to ${file}`);
  return Number(text);
}

/** A mount of a fork-child plugin, started; returns the plugin's and its child's pids. */
async function forkingMount(): Promise<{ id: string; plugin: number; child: number }> {
  mounts += 1;
  const pidFile = join(work, `child-${mounts}.pid`);
  const name = `forking-${mounts}`;
  await harness.catalog.register({ type: 'secret', name, command: 'strongroom-misbehave', args: ['fork-child', pidFile] });
  const { id } = harness.mount({ pluginName: name, path: name });
  const { pid } = await harness.supervisor.ensureMounted(id);
  const child = await readPid(pidFile);
  assert.ok(processAlive(child), 'the child runs while its plugin does');
  return { id, plugin: pid as number, child };
}

test('stopping a plugin ends the processes it started', async () => {
  const { id, plugin, child } = await forkingMount();
  await harness.supervisor.removeMount(id);
  assert.equal(processAlive(plugin), false, 'the plugin was stopped');
  await until(() => !processAlive(child), `the plugin's child ${child} is gone after the stop`);
});

test('a plugin killed with SIGKILL takes the processes it started with it', async () => {
  const { id, plugin, child } = await forkingMount();
  process.kill(plugin, 'SIGKILL');
  await until(() => !processAlive(child), `the child ${child} of the killed plugin is gone`);
  const ok = await harness.supervisor.request(id, { operation: 'read', path: 'ok' });
  assert.equal(ok.response?.data?.['ok'], true, 'the next request restarted the plugin');
  await harness.supervisor.removeMount(id);
});

test('a child that ignores SIGTERM is SIGKILLed after the grace period once its plugin died', async () => {
  const hostCertificate = await createHostCertificate();
  const socket = join(work, 'stubborn.sock');
  const listener = createServer((connection) => connection.destroy());
  await new Promise<void>((done) => listener.listen(socket, done));
  const pidFile = join(work, 'stubborn-child.pid');
  const script = join(work, 'stubborn.sh');
  const der = Buffer.from(hostCertificate.certDer).toString('base64');
  await writeFile(
    script,
    `#!/bin/sh\nsh -c 'trap "" TERM; while :; do sleep 1; done' &\necho $! > '${pidFile}'\necho "1|5|unix|${socket}|grpc|${der}"\nexec sleep 600\n`,
    { mode: 0o755 },
  );
  try {
    const plugin = await launchPlugin({
      pluginName: 'stubborn',
      command: script,
      args: [],
      env: {},
      socketDir: join(work, 'stubborn-dir'),
      hostCertificate,
      protocolVersions: [5],
      startTimeoutMs: 10_000,
      vaultVersion: '1.21.0',
      onLog: () => undefined,
    });
    const child = await readPid(pidFile);
    process.kill(plugin.pid, 'SIGKILL'); // the plugin alone: its group is left behind
    await plugin.exited;
    await until(() => !processAlive(child), `the SIGTERM-ignoring child ${child} was SIGKILLed`);
  } finally {
    listener.close();
  }
});

/** A host in a child process running one fork-child plugin; `ending` is what it does once the plugin runs. */
async function hostWithForkingPlugin(name: string, ending: 'wait' | 'exit') {
  const socketRoot = join(work, name);
  const pidFile = join(work, `${name}-child.pid`);
  const host = join(work, `${name}.mts`);
  await writeFile(
    host,
    [
      `import { startHarness } from ${JSON.stringify(join(repoRoot, 'test/support/supervisor-harness.ts'))};`,
      `const harness = await startHarness([{ name: 'forking', fixture: 'strongroom-misbehave', args: ['fork-child', ${JSON.stringify(pidFile)}] }],`,
      `  { socketRoot: ${JSON.stringify(socketRoot)}, reapOrphans: true });`,
      `const { id } = harness.mount({ pluginName: 'forking', path: 'forking' });`,
      'const { pid } = await harness.supervisor.ensureMounted(id);',
      'console.log(pid);',
      ending === 'exit' ? `while (!(await import('node:fs')).existsSync(${JSON.stringify(pidFile)})) await new Promise((r) => setTimeout(r, 10));\nprocess.exit(0);` : 'setInterval(() => {}, 1000);',
    ].join('\n'),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', host], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  // Listened for at once: an exiting host may be gone before the caller waits.
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await until(() => /\d+\n/.test(output), 'the host started its plugin', 60_000);
  return { child, exited, socketRoot, plugin: Number(output.trim()), grandchild: await readPid(pidFile) };
}

test("a host that calls process.exit() takes its plugin's children with it (the exit guard)", async () => {
  const { exited, plugin, grandchild } = await hostWithForkingPlugin('exiting-host', 'exit');
  const [code] = await exited;
  assert.equal(code, 0);
  await until(() => !processAlive(plugin) && !processAlive(grandchild), 'the plugin and its child died with the host');
});

test('after a SIGKILLed host, the next host on the socket root reaps the plugin and its child', async () => {
  const { child, exited, socketRoot, plugin, grandchild } = await hostWithForkingPlugin('crashed-host', 'wait');
  child.kill('SIGKILL');
  await exited;
  assert.ok(processAlive(plugin), 'a SIGKILLed host leaves its plugin running (no exit hook runs)');
  assert.ok(processAlive(grandchild), "and the plugin's child");

  const next = new PluginSupervisor({ catalog: harness.catalog, socketRoot, reapOrphans: true });
  const reaped: string[] = [];
  next.events.on('log', (line) => reaped.push(line.message));
  await next.ready();
  await next.stop();
  await until(() => !processAlive(plugin) && !processAlive(grandchild), 'the next host reaped the plugin and its child');
  assert.match(reaped.join('\n'), /Reaped 2 plugin process\(es\)/);
});
