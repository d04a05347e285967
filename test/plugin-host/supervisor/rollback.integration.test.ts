/**
 * Vault's rollback manager in our host: running mounts get periodic `rollback` requests, which a
 * framework plugin turns into its PeriodicFunc (the custom fixture counts them in its storage);
 * mounts whose plugin is not running are not started for it; "nothing to roll back" answers are
 * not reported, real failures are.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PluginLogLine } from '../../../plugin-host/launch/log-line';
import { startHarness, type Harness } from '../../support/supervisor-harness';
import type { MemoryStorage } from '../../support/memory-storage';

async function rollbackCount(storage: MemoryStorage): Promise<number> {
  const entry = await storage.get('periodic/count');
  return entry === undefined ? 0 : (JSON.parse(Buffer.from(entry.value).toString('utf8')) as number);
}

describe('periodic rollbacks', () => {
  let harness: Harness;
  const logs: PluginLogLine[] = [];

  before(async () => {
    harness = await startHarness([{ name: 'custom', fixture: 'strongroom-custom' }], { rollbackIntervalMs: 0 });
    harness.supervisor.events.on('log', (line: PluginLogLine) => logs.push(line));
  });
  after(() => harness.supervisor.stop());

  it('reach the PeriodicFunc of every running mount, one per pass', async () => {
    const running = harness.mount({ pluginName: 'custom', path: 'running/' });
    const idle = harness.mount({ pluginName: 'custom', path: 'idle/' });
    await harness.supervisor.ensureMounted(running.id);
    await harness.supervisor.rollbacks.runOnce();
    await harness.supervisor.rollbacks.runOnce();
    assert.equal(await rollbackCount(running.storage), 2);
    assert.equal(await rollbackCount(idle.storage), 0);
    assert.equal(harness.supervisor.mountStatus(idle.id), undefined, 'the idle mount was not started for a rollback');
    assert.deepEqual(logs.filter((line) => line.message.startsWith('Rollback')), []);
  });

  it('run on the interval', async () => {
    const timed = await startHarness([{ name: 'custom', fixture: 'strongroom-custom' }], { rollbackIntervalMs: 40 });
    try {
      const mount = timed.mount({ pluginName: 'custom', path: 'timed/' });
      await timed.supervisor.ensureMounted(mount.id);
      const deadline = Date.now() + 5000;
      while ((await rollbackCount(mount.storage)) < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.ok((await rollbackCount(mount.storage)) >= 3);
    } finally {
      await timed.supervisor.stop();
    }
  });

  it('a failing rollback is logged against its mount, and the next pass still runs', async () => {
    const failing = harness.mount({ pluginName: 'custom', path: 'failing/' });
    await harness.supervisor.ensureMounted(failing.id);
    const put = failing.storage.put.bind(failing.storage);
    failing.storage.put = async () => {
      throw new Error('disk full');
    };
    await harness.supervisor.rollbacks.runOnce();
    const failure = logs.find((line) => line.mount === 'failing/' && line.message.startsWith('Rollback'));
    assert.ok(failure !== undefined, 'a log line names the mount');
    assert.equal(failure.level, 'error');
    assert.match(failure.message, /disk full/);
    failing.storage.put = put;
    await harness.supervisor.rollbacks.runOnce();
    assert.equal(await rollbackCount(failing.storage), 1);
  });
});
