/**
 * Resource faults: a plugin that leaks memory (misbehave `memory-hog`, ceiling 96 MiB) and one
 * whose request loops forever (misbehave `spin`, read `spin`, request timeout 500 ms) are ended
 * again and again by the host — the memory ceiling and the CPU watchdog — while a healthy mount
 * keeps answering. Each kill must carry its code, leave no process behind, and the next request
 * must restart the plugin. The app (this process) must not die.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { isHostError, type ProcessStatus } from '../../plugin-host';
import { recordFigures, Tally } from './figures';
import { startPluginStack, type PluginStack, type StackMount } from './plugin-stack';
import { byMode } from './run-mode';

const ROUNDS = byMode(3, 10);

let stack: PluginStack;
let healthy: StackMount;
const crashes: unknown[] = [];
const onCrash = (error: unknown) => crashes.push(error);
const tally = new Tally();
const unexpected: string[] = [];

before(async () => {
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  stack = await startPluginStack(
    [
      { name: 'hog', fixture: 'strongroom-misbehave', args: ['memory-hog'] },
      { name: 'spin', fixture: 'strongroom-misbehave', args: ['spin'] },
      { name: 'ok', fixture: 'strongroom-misbehave', args: ['serve'] },
    ],
    { backoff: { initialMs: 10, maxMs: 200, healthyResetMs: 500 }, resourceSampleMs: 100, cpuWatchWindowMs: 1_000 },
  );
  stack.supervisor.updateEntry(stack.catalog.tune('secret', 'hog', undefined, { memoryLimitMiB: 96 }));
  healthy = stack.mount('ok', 'ok/');
  if (process.env.DBG) stack.supervisor.events.on('status', (s) => console.log('status', s.plugin, s.state, s.pid, s.lastError?.code, JSON.stringify(s.resources)));
});

after(async () => {
  await stack?.close();
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
});

/** The next exit of this mount's process whose error has `code`. */
function nextKill(mountId: string, code: string): Promise<ProcessStatus> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`no ${code} within 60 s`))), 60_000);
    const off = stack.supervisor.events.on('status', (status) => {
      if (status.mounts.includes(mountId) && status.state === 'exited' && status.lastError?.code === code) {
        off();
        clearTimeout(timer);
        resolve(status);
      }
    });
  });
}

function gone(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

/** True once the pid is gone; false if it is still there after 60 s. */
async function goneWithin60s(pid: number): Promise<boolean> {
  const until = Date.now() + 60_000;
  while (!gone(pid)) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

async function healthyAnswers(): Promise<void> {
  const { response } = await stack.supervisor.request(healthy.id, { operation: 'read', path: 'ok' });
  if (response?.data?.['ok'] !== true) unexpected.push('the healthy mount did not answer ok');
}

/** Starting a plugin that is being killed in a loop may meet its last death or its backoff. */
async function start(mountId: string): Promise<number> {
  for (;;) {
    try {
      const { pid } = await stack.supervisor.ensureMounted(mountId);
      return pid as number;
    } catch (error) {
      if (!isHostError(error) || !['plugin_backing_off', 'plugin_memory_exceeded', 'plugin_exited'].includes(error.code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

test(`memory ceiling: a leaking plugin is ended ${ROUNDS} times with plugin_memory_exceeded`, async () => {
  const hog = stack.mount('hog', 'hog/');
  let lingering = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    // The hog may already die during its start (start() then starts another): follow the pid that served.
    const pid = await start(hog.id);
    if (!(await goneWithin60s(pid))) {
      lingering += 1;
      continue;
    }
    // The pid leaves /proc when it is reaped, a moment before the supervisor handles the exit.
    let status = stack.supervisor.mountStatus(hog.id);
    for (let wait = 0; wait < 100 && (status?.state === 'ready' || status?.state === 'starting'); wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = stack.supervisor.mountStatus(hog.id);
    }
    if (status?.lastError?.code !== 'plugin_memory_exceeded' || !/over its ceiling of 96 MiB/.test(status.lastError.message)) {
      unexpected.push(`the hog ended without a clear memory kill: ${status?.lastError?.code} ${status?.lastError?.message}`);
    }
    tally.add('memory_ceiling_kills');
    await healthyAnswers();
  }
  tally.add('lingering_after_kill', lingering);
  assert.equal(lingering, 0, 'every killed hog is gone');
});

test(`CPU watchdog: a request that loops forever gets its plugin killed ${ROUNDS} times with plugin_cpu_runaway`, async () => {
  const spinner = stack.mount('spin', 'spin/');
  let lingering = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const pid = await start(spinner.id);
    const killed = nextKill(spinner.id, 'plugin_cpu_runaway');
    // On a loaded machine the call can time out before the plugin even ran the handler: then the
    // plugin is idle, the watchdog rightly leaves it alone, and the read is sent again.
    let sent = 0;
    for (let done = false; !done; ) {
      await assert.rejects(
        stack.supervisor.request(spinner.id, { operation: 'read', path: 'spin' }, { timeoutMs: 500 }),
        (error: unknown) => isHostError(error) && error.code === 'deadline_exceeded',
      );
      sent += 1;
      done = await Promise.race([killed.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, 5_000, false))]);
      if (!done && sent >= 5) throw new Error('the spinner was not killed after 5 spin reads');
    }
    tally.add('spin_reads', sent);
    if (!(await goneWithin60s(pid))) lingering += 1;
    tally.add('cpu_watchdog_kills');
    const { response } = await stack.supervisor.request(spinner.id, { operation: 'read', path: 'ok' });
    if (response?.data?.['ok'] !== true) unexpected.push('the spinner did not serve again after its restart');
    await healthyAnswers();
  }
  tally.add('lingering_after_kill', lingering);
  assert.equal(lingering, 0, 'every killed spinner is gone');
});

test('figures', () => {
  recordFigures(import.meta.url, { ...tally.toFigures(), unexpected_errors: unexpected.length, crashes: crashes.length });
  assert.deepEqual(unexpected, []);
  assert.deepEqual(crashes, []);
  assert.equal(tally.get('memory_ceiling_kills'), ROUNDS);
  assert.equal(tally.get('cpu_watchdog_kills'), ROUNDS);
});
