import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestTracer } from '../../../plugin-host/vault/request-trace';

test('with one request in flight, its storage calls are its own', () => {
  const tracer = new RequestTracer();
  const traces = tracer.begin();
  tracer.record('get', 'users/ada', 42, performance.now());
  tracer.record('put', 'users/ada', 50, performance.now(), 'disk full');
  tracer.end(traces);
  tracer.record('get', 'late', 1, performance.now());
  assert.deepEqual(traces.map((trace) => [trace.operation, trace.key, trace.bytes, trace.error, trace.concurrent]), [
    ['get', 'users/ada', 42, undefined, undefined],
    ['put', 'users/ada', 50, 'disk full', undefined],
  ]);
  assert.ok(traces.every((trace) => trace.durationMs >= 0));
});

test('with several requests in flight, a call goes to each of them, flagged concurrent', () => {
  const tracer = new RequestTracer();
  const first = tracer.begin();
  const second = tracer.begin();
  tracer.record('list', 'users/', 3, performance.now());
  tracer.end(first);
  tracer.record('delete', 'users/x', 0, performance.now());
  tracer.end(second);
  assert.deepEqual(first.map((trace) => [trace.key, trace.concurrent]), [['users/', true]]);
  assert.deepEqual(second.map((trace) => [trace.key, trace.concurrent]), [['users/', true], ['users/x', undefined]]);
});

test('calls with no request in flight (Initialize, periodic work) are not kept', () => {
  const tracer = new RequestTracer();
  tracer.record('put', 'salt', 16, performance.now());
  const traces = tracer.begin();
  assert.deepEqual(traces, []);
});
