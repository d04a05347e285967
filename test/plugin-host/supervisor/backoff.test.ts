import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RestartBackoff } from '../../../plugin-host/supervisor/backoff';

test('no failure, no wait', () => {
  assert.equal(new RestartBackoff().delayMs(), 0);
});

test('doubles from 250 ms and caps at 30 s', () => {
  const backoff = new RestartBackoff();
  const delays: number[] = [];
  for (let i = 0; i < 10; i++) {
    backoff.recordFailure(0);
    delays.push(backoff.delayMs());
  }
  assert.deepEqual(delays, [250, 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
});

test('a healthy minute resets the count', () => {
  const backoff = new RestartBackoff();
  for (let i = 0; i < 5; i++) backoff.recordFailure(1000);
  assert.equal(backoff.delayMs(), 4000);
  backoff.recordFailure(61_000);
  assert.equal(backoff.consecutiveFailures, 1);
  assert.equal(backoff.delayMs(), 250);
});

test('custom policy', () => {
  const backoff = new RestartBackoff({ initialMs: 10, maxMs: 25, healthyResetMs: 100 });
  backoff.recordFailure(0);
  backoff.recordFailure(0);
  backoff.recordFailure(0);
  assert.equal(backoff.delayMs(), 25);
});

test('a success in between resets the count: only consecutive failures back off', () => {
  const backoff = new RestartBackoff();
  backoff.recordFailure(0);
  backoff.recordFailure(0);
  backoff.recordFailure(0);
  assert.equal(backoff.delayMs(), 1000);
  backoff.recordSuccess();
  assert.equal(backoff.consecutiveFailures, 0);
  assert.equal(backoff.delayMs(), 0);
  backoff.recordFailure(0);
  assert.equal(backoff.consecutiveFailures, 1);
  assert.equal(backoff.delayMs(), 250);
});
