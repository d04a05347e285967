import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ErrorCode } from '../../../../proto/wire/error-codes';
import { processLabel } from '../../../../renderer/src/pages/plugins/ProcessState';

const exited = (code: ErrorCode | null) => ({ state: 'exited' as const, lastError: code === null ? null : { code, message: 'x' } });

test('an exit the host caused says why; other exits with an error are crashes; a clean one is stopped', () => {
  assert.deepEqual(processLabel(exited('plugin_memory_exceeded')), { label: 'over memory ceiling', tone: 'danger' });
  assert.deepEqual(processLabel(exited('plugin_cpu_runaway')), { label: 'stuck in a loop', tone: 'danger' });
  assert.deepEqual(processLabel(exited('plugin_exited')), { label: 'crashed', tone: 'danger' });
  assert.deepEqual(processLabel(exited(null)), { label: 'stopped', tone: 'muted' });
  assert.equal(processLabel({ state: 'ready', lastError: { code: 'plugin_cpu_runaway', message: 'x' } }).label, 'running');
});
