import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { isHostError } from '../../plugin-host/errors';
import type { PluginLogLine } from '../../plugin-host/launch/log-line';
import { misbehaveModes } from '../fixtures/plugins/fixtures';
import { startHarness, type Harness } from '../support/supervisor-harness';

let harness: Harness;
let good: string;
const logs: PluginLogLine[] = [];

before(async () => {
  harness = await startHarness(
    [
      { name: 'kv', fixture: 'vault-plugin-secrets-kv' },
      ...misbehaveModes.map((mode) => ({ name: `misbehave-${mode}`, fixture: 'strongroom-misbehave' as const, args: [mode] })),
    ],
    { startTimeoutMs: 1_500 },
  );
  harness.supervisor.events.on('log', (line) => logs.push(line));
  good = harness.mount({ pluginName: 'kv', path: 'good' }).id;
});

after(async () => {
  await harness.supervisor.stop();
});

async function goodRequestStillWorks(): Promise<void> {
  const value = `v${Date.now()}`;
  await harness.supervisor.request(good, { operation: 'update', path: 'probe', data: { value } });
  const { response } = await harness.supervisor.request(good, { operation: 'read', path: 'probe' });
  assert.equal(response?.data?.['value'], value);
}

function failsWith(code: string, message?: RegExp) {
  return (error: unknown) => {
    assert.ok(isHostError(error), `expected a HostError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return true;
  };
}

const startFailures: Array<[string, string, RegExp]> = [
  ['exit-early', 'exited_before_handshake', /exited with code 3/],
  ['garbage', 'handshake_unrecognized', /./],
  ['garbage-fields', 'handshake_unrecognized', /not a go-plugin handshake .*"status\|ok\|listening on\|the usual place\|hello" — field 1 "status" is not a core protocol version number/],
  ['undialable-unix', 'plugin_unreachable', /listens on unix socket "[^"]*no-such-plugin\.sock", but connecting there failed: ENOENT/],
  ['undialable-tcp', 'plugin_unreachable', /listens on tcp address 127\.0\.0\.1:\d+, but connecting there failed: ECONNREFUSED \(connection refused/],
  ['bad-core-version', 'incompatible_core_version', /./],
  ['bad-app-version', 'incompatible_app_version', /./],
  ['hang', 'start_timeout', /1500 ms/],
];

for (const [mode, code, message] of startFailures) {
  test(`${mode}: the first request fails with ${code}, the host carries on`, async () => {
    const mount = harness.mount({ pluginName: `misbehave-${mode}`, path: `mb-${mode}` });
    await assert.rejects(harness.supervisor.request(mount.id, { operation: 'read', path: 'ok' }), failsWith(code, message));
    const status = harness.supervisor.mountStatus(mount.id);
    assert.equal(status?.lastError?.code, code);
    assert.ok(status?.state === 'backing-off' || status?.state === 'exited', `state ${status?.state}`);
    await goodRequestStillWorks();
  });
}

test('serve: a crash on a request fails it with plugin_exited; the next request restarts the plugin', async () => {
  const mount = harness.mount({ pluginName: 'misbehave-serve', path: 'mb-serve' });
  const ok = await harness.supervisor.request(mount.id, { operation: 'read', path: 'ok' });
  assert.equal(ok.response?.data?.['ok'], true);
  const firstPid = harness.supervisor.mountStatus(mount.id)?.pid;

  await assert.rejects(harness.supervisor.request(mount.id, { operation: 'read', path: 'crash' }), failsWith('plugin_exited', /panic/));
  await goodRequestStillWorks();

  const again = await harness.supervisor.request(mount.id, { operation: 'read', path: 'ok' });
  assert.equal(again.response?.data?.['ok'], true);
  const status = harness.supervisor.mountStatus(mount.id);
  assert.notEqual(status?.pid, firstPid);
  assert.equal(status?.restarts, 1);
  assert.equal(status?.lastError?.code, 'plugin_exited');
});

test('serve: 10 MB of stderr does not stall the host; lines arrive as log events', async () => {
  const mount = harness.mount({ pluginName: 'misbehave-serve', path: 'mb-flood' });
  const before = logs.length;
  const { response } = await harness.supervisor.request(mount.id, { operation: 'read', path: 'flood' });
  assert.ok(Number(response?.data?.['flooded_bytes']) >= 10 * 1024 * 1024);
  assert.ok(logs.length - before > 1000, `got ${logs.length - before} log lines`);
  await goodRequestStillWorks();
});

test('serve: an answer after the deadline is deadline_exceeded; the plugin keeps serving', async () => {
  const mount = harness.mount({ pluginName: 'misbehave-serve', path: 'mb-sleep' });
  await harness.supervisor.request(mount.id, { operation: 'read', path: 'ok' });
  const pid = harness.supervisor.mountStatus(mount.id)?.pid;
  const startedAt = Date.now();
  await assert.rejects(
    harness.supervisor.request(mount.id, { operation: 'read', path: 'sleep/5000' }, { timeoutMs: 300 }),
    failsWith('deadline_exceeded', /300 ms/),
  );
  assert.ok(Date.now() - startedAt < 2_000, 'failed promptly');
  const ok = await harness.supervisor.request(mount.id, { operation: 'read', path: 'ok' });
  assert.equal(ok.response?.data?.['ok'], true);
  assert.equal(harness.supervisor.mountStatus(mount.id)?.pid, pid, 'same process, not restarted');
});

test('serve: an answer over the size limit is response_too_large; the plugin keeps serving', async () => {
  const mount = harness.mount({ pluginName: 'misbehave-serve', path: 'mb-big' });
  const small = await harness.supervisor.request(mount.id, { operation: 'read', path: 'big/1' });
  assert.equal(String(small.response?.data?.['blob']).length, 1 << 20);
  const pid = harness.supervisor.mountStatus(mount.id)?.pid;
  await assert.rejects(harness.supervisor.request(mount.id, { operation: 'read', path: 'big/40' }), failsWith('response_too_large', /exceeded \d+ bytes/));
  const ok = await harness.supervisor.request(mount.id, { operation: 'read', path: 'ok' });
  assert.equal(ok.response?.data?.['ok'], true);
  assert.equal(harness.supervisor.mountStatus(mount.id)?.pid, pid, 'same process, not restarted');
});

test('a request over the size limit is refused with request_too_large before it is sent', async () => {
  const mount = harness.mount({ pluginName: 'misbehave-serve', path: 'mb-big-request' });
  await assert.rejects(
    harness.supervisor.request(mount.id, { operation: 'update', path: 'ok', data: { blob: 'x'.repeat(33 * 1024 * 1024) } }),
    failsWith('request_too_large', /Send less data/),
  );
  const ok = await harness.supervisor.request(mount.id, { operation: 'read', path: 'ok' });
  assert.equal(ok.response?.data?.['ok'], true);
});
