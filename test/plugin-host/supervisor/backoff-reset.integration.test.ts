import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isHostError } from '../../../plugin-host/errors';
import { startHarness } from '../../support/supervisor-harness';

/** The failure count a request sees while restarts are paused (maxBackoffWaitMs 0: it never waits). */
async function failuresWhileBackingOff(request: () => Promise<unknown>): Promise<number> {
  try {
    await request();
  } catch (error) {
    assert.ok(isHostError(error), String(error));
    assert.equal(error.code, 'plugin_backing_off', error.message);
    return Number(error.detail?.['failures']);
  }
  assert.fail('the request was expected to meet the backoff');
}

test('a request answered between two crashes resets the backoff: the second crash counts as the first', async () => {
  const harness = await startHarness([{ name: 'serve', fixture: 'strongroom-misbehave', args: ['serve'] }], {
    backoff: { initialMs: 2_000, maxMs: 60_000, healthyResetMs: 10 * 60_000 },
    maxBackoffWaitMs: 0,
  });
  const { supervisor } = harness;
  const { id } = harness.mount({ pluginName: 'serve', path: 'crashy' });
  const read = (path: string) => supervisor.request(id, { operation: 'read', path });
  const backoffOver = async () => {
    while (supervisor.mountStatus(id)?.state === 'backing-off') await new Promise((resolve) => setTimeout(resolve, 50));
  };
  try {
    assert.equal((await read('ok')).response?.data?.['ok'], true);
    await assert.rejects(read('crash'), /panic/);
    assert.equal(await failuresWhileBackingOff(() => read('ok')), 1);
    await backoffOver();
    assert.equal((await read('ok')).response?.data?.['ok'], true, 'restarted and answered');
    await assert.rejects(read('crash'), /panic/);
    assert.equal(await failuresWhileBackingOff(() => read('ok')), 1, 'the answered request in between reset the count');
    await backoffOver();
    // Without an answer in between, crashes are consecutive: a start that only reached ready is no success.
    await supervisor.ensureMounted(id);
    await assert.rejects(read('crash'), /panic/);
    assert.equal(await failuresWhileBackingOff(() => read('ok')), 2);
  } finally {
    await supervisor.stop();
  }
});
