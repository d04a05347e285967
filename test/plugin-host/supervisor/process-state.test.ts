import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProcessStateMachine, canTransition, type ProcessState } from '../../../plugin-host/supervisor/process-state';

test('a normal life: starting → ready → exited → starting → ready → stopped', () => {
  const seen: string[] = [];
  const machine = new ProcessStateMachine('starting', (from, to) => seen.push(`${from}>${to}`));
  for (const to of ['ready', 'exited', 'starting', 'ready', 'stopped'] as ProcessState[]) machine.transition(to);
  assert.equal(machine.state, 'stopped');
  assert.deepEqual(seen, ['starting>ready', 'ready>exited', 'exited>starting', 'starting>ready', 'ready>stopped']);
});

test('a crash loop goes through backing-off', () => {
  const machine = new ProcessStateMachine('exited', () => {});
  machine.transition('backing-off');
  machine.transition('exited');
  machine.transition('backing-off');
  machine.transition('starting');
  assert.equal(machine.state, 'starting');
});

test('refused transitions throw and leave the state alone', () => {
  const machine = new ProcessStateMachine('ready', () => {});
  assert.throws(() => machine.transition('starting'), /ready → starting/);
  assert.throws(() => machine.transition('backing-off'), /ready → backing-off/);
  assert.equal(machine.state, 'ready');
});

test('stopped is final', () => {
  for (const to of ['starting', 'ready', 'exited', 'backing-off', 'stopped'] as ProcessState[]) {
    assert.equal(canTransition('stopped', to), false, `stopped → ${to}`);
  }
});
