/**
 * Orphan children: a plugin that starts a process of its own (strongroom-misbehave fork-child
 * runs `sleep 600` and writes its pid to a file) is ended every way a plugin ends — stopped,
 * killed with -9, and its host SIGKILLed and followed by a new host on the same socket root —
 * round after round. Every child must be gone afterwards: `orphan_children_left` must be 0.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PluginSupervisor } from '../../plugin-host';
import { processAlive } from '../support/processes';
import { recordFigures } from './figures';
import { startPluginStack, sleep, type PluginStack } from './plugin-stack';
import { byMode } from './run-mode';

const ROUNDS = byMode(3, 10);
/** How long a dead plugin's child may take to be ended (SIGTERM, SIGKILL after 1 s). */
const CHILD_GRACE_MS = 5_000;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

type Ending = 'stop' | 'kill -9' | 'host SIGKILL';
const left: Record<Ending, number> = { stop: 0, 'kill -9': 0, 'host SIGKILL': 0 };
const children: number[] = [];
let stack: PluginStack;
let pidFiles = 0;

before(async () => {
  stack = await startPluginStack([{ name: 'serve', fixture: 'strongroom-misbehave', args: ['serve'] }]);
});

after(async () => {
  for (const pid of children) if (processAlive(pid)) process.kill(pid, 'SIGKILL');
  await stack?.close();
});

async function readPid(file: string): Promise<number> {
  for (let i = 0; i < 400; i++) {
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (text !== '') return Number(text);
    await sleep(25);
  }
  throw new Error(`no child pid in ${file}`);
}

/** Whether the child is still alive after the grace period. */
async function outlives(pid: number): Promise<boolean> {
  const deadline = Date.now() + CHILD_GRACE_MS;
  while (processAlive(pid) && Date.now() < deadline) await sleep(25);
  return processAlive(pid);
}

async function forkingPlugin(): Promise<{ pidFile: string; name: string }> {
  pidFiles += 1;
  const name = `forking-${pidFiles}`;
  const pidFile = path.join(stack.dataDir, `${name}.pid`);
  await stack.catalog.register({ type: 'secret', name, command: 'strongroom-misbehave', args: ['fork-child', pidFile] });
  return { pidFile, name };
}

async function endInProcess(ending: 'stop' | 'kill -9'): Promise<void> {
  const { pidFile, name } = await forkingPlugin();
  const mount = stack.mount(name, `${name}/`);
  const { pid } = await stack.supervisor.ensureMounted(mount.id);
  const child = await readPid(pidFile);
  children.push(child);
  if (ending === 'stop') await stack.supervisor.removeMount(mount.id);
  else process.kill(pid as number, 'SIGKILL');
  if (await outlives(child)) left[ending] += 1;
  if (ending === 'kill -9') await stack.supervisor.removeMount(mount.id);
}

async function endByHostCrash(round: number): Promise<void> {
  const socketRoot = path.join(stack.dataDir, `host-${round}`);
  const pidFile = path.join(stack.dataDir, `host-${round}.pid`);
  const script = path.join(stack.dataDir, `host-${round}.mts`);
  fs.writeFileSync(
    script,
    [
      `import { startHarness } from ${JSON.stringify(path.join(repoRoot, 'test/support/supervisor-harness.ts'))};`,
      `const harness = await startHarness([{ name: 'forking', fixture: 'strongroom-misbehave', args: ['fork-child', ${JSON.stringify(pidFile)}] }],`,
      `  { socketRoot: ${JSON.stringify(socketRoot)}, reapOrphans: true });`,
      `await harness.supervisor.ensureMounted(harness.mount({ pluginName: 'forking', path: 'forking' }).id);`,
      "console.log('ready');",
      'setInterval(() => {}, 1000);',
    ].join('\n'),
  );
  const host = spawn(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    host.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    host.once('exit', (code) => reject(new Error(`the host exited early (${code})`)));
  });
  const child = await readPid(pidFile);
  children.push(child);
  host.kill('SIGKILL');
  await once(host, 'exit');
  const next = new PluginSupervisor({ catalog: stack.catalog, socketRoot, reapOrphans: true });
  await next.ready();
  await next.stop();
  if (await outlives(child)) left['host SIGKILL'] += 1;
}

test(`${ROUNDS} rounds of a forking plugin stopped, killed -9 and orphaned by a SIGKILLed host: no child survives`, { timeout: 600_000 }, async () => {
  for (let round = 0; round < ROUNDS; round++) {
    await endInProcess('stop');
    await endInProcess('kill -9');
    await endByHostCrash(round);
  }
  const total = left.stop + left['kill -9'] + left['host SIGKILL'];
  recordFigures(import.meta.url, {
    forking_plugin_endings: ROUNDS * 3,
    orphan_children_left: total,
    orphan_children_left_after_stop: left.stop,
    orphan_children_left_after_kill: left['kill -9'],
    orphan_children_left_after_host_kill: left['host SIGKILL'],
  });
  assert.deepEqual(left, { stop: 0, 'kill -9': 0, 'host SIGKILL': 0 }, 'children the plugins started are all gone');
});
