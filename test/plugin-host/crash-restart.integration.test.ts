import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isHostError } from '../../plugin-host/errors';
import type { ProcessStatus } from '../../plugin-host/supervisor/events';
import { startHarness } from '../support/supervisor-harness';

const WRITERS = 4;
const WRITES_PER_WRITER = 60;

test('kill -9 during a stream of writes: every acknowledged write is readable after the restart', async () => {
  const socketRoot = await mkdtemp(join(tmpdir(), 'srt-'));
  const harness = await startHarness([{ name: 'kv', fixture: 'vault-plugin-secrets-kv' }], { socketRoot });
  const { supervisor } = harness;
  const states: string[] = [];
  supervisor.events.on('status', (status: ProcessStatus) => states.push(status.state));
  const { id } = harness.mount({ pluginName: 'kv', path: 'crashy', options: { version: '2' } });
  const pids = new Set<number>();
  try {
    await supervisor.ensureMounted(id);
    const acknowledged = new Map<string, string>();
    const failures: string[] = [];
    let killedAt = 0;
    let slowestFailureMs = 0;

    const writer = async (writerId: number): Promise<void> => {
      for (let i = 0; i < WRITES_PER_WRITER; i++) {
        const key = `w${writerId}/k${i}`;
        const value = `${writerId}-${i}-${Math.random()}`;
        const sentAt = Date.now();
        try {
          await supervisor.request(id, { operation: 'update', path: `data/${key}`, data: { data: { value } } });
          acknowledged.set(key, value);
        } catch (error) {
          assert.ok(isHostError(error), String(error));
          failures.push(error.code);
          if (killedAt > 0) slowestFailureMs = Math.max(slowestFailureMs, Date.now() - Math.max(sentAt, killedAt));
        }
      }
    };
    const killer = async (): Promise<void> => {
      for (const afterWrites of [40, 120]) {
        while (acknowledged.size < afterWrites) await new Promise((resolve) => setTimeout(resolve, 2));
        const pid = supervisor.mountStatus(id)?.pid as number;
        pids.add(pid);
        killedAt = Date.now();
        process.kill(pid, 'SIGKILL');
      }
    };
    await Promise.all([killer(), ...Array.from({ length: WRITERS }, (_, writerId) => writer(writerId))]);

    assert.ok(failures.length > 0, 'some writes were in flight when the plugin died');
    assert.ok(failures.every((code) => code === 'plugin_exited' || code === 'plugin_backing_off'), failures.join(','));
    assert.ok(slowestFailureMs < 1_000, `in-flight writes failed promptly (slowest ${slowestFailureMs} ms)`);
    const status = supervisor.mountStatus(id);
    assert.equal(status?.restarts, 2);
    assert.ok(states.includes('exited'));
    pids.add(status?.pid as number);

    for (const [key, value] of acknowledged) {
      const { response } = await supervisor.request(id, { operation: 'read', path: `data/${key}` });
      assert.deepEqual(response?.data?.['data'], { value }, `acknowledged write ${key}`);
    }
  } finally {
    await supervisor.stop();
  }
  assert.equal(states.at(-1), 'stopped');
  for (const pid of pids) assert.throws(() => process.kill(pid, 0), /ESRCH/, `pid ${pid} was reaped`);
  assert.deepEqual(await readdir(socketRoot), [], 'no socket directories or files are left');
  await rm(socketRoot, { recursive: true, force: true });
});
