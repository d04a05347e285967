import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { isHostError } from '../../plugin-host/errors';
import type { VaultOperation } from '../../plugin-host/vault/types';
import { startHarness, type Harness } from '../support/supervisor-harness';

let harness: Harness;
let mountId: string;

before(async () => {
  harness = await startHarness([{ name: 'custom', fixture: 'strongroom-custom' }]);
  mountId = harness.mount({ pluginName: 'custom', path: 'custom/' }).id;
});

after(async () => {
  await harness.supervisor.stop();
});

const call = (operation: VaultOperation, path: string, data?: Record<string, unknown>) =>
  harness.supervisor.request(mountId, { operation, path, data });

function rejectsWith(code: string, message: RegExp) {
  return (error: unknown) => {
    assert.ok(isHostError(error), `expected a HostError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  };
}

test('before config, reads answer the plugin\'s ErrorResponse as a user_error', async () => {
  await assert.rejects(call('read', 'config'), rejectsWith('user_error', /^plugin is not configured yet$/));
  await assert.rejects(call('read', 'hello/world'), rejectsWith('user_error', /plugin is not configured yet/));
});

test('config: custom_prefix is required, then it is stored', async () => {
  await assert.rejects(call('update', 'config', {}), rejectsWith('user_error', /custom_prefix is required/));
  await call('update', 'config', { custom_prefix: 'Hi, ' });
  const { response } = await call('read', 'config');
  assert.equal(response?.data?.['custom_prefix'], 'Hi, ');
});

test('hello/<name> uses the prefix', async () => {
  const { response } = await call('read', 'hello/ada');
  assert.equal(response?.data?.['message'], 'Hi, ada');
});

test('users: existence check, create, read, update, list, delete', async () => {
  const probe = { operation: 'create' as const, path: 'users/ada', data: { email: 'ada@example.com' } };
  assert.deepEqual(await harness.supervisor.existenceCheck(mountId, probe), { checkFound: true, exists: false });
  await assert.rejects(call('create', 'users/bob', { admin: true }), rejectsWith('user_error', /email is required/));

  await call('create', 'users/ada', { email: 'ada@example.com', groups: 'eng,ops', password: 's3cret' });
  assert.deepEqual(await harness.supervisor.existenceCheck(mountId, probe), { checkFound: true, exists: true });
  const created = await call('read', 'users/ada');
  assert.equal(created.response?.data?.['email'], 'ada@example.com');
  assert.deepEqual(created.response?.data?.['groups'], ['eng', 'ops']);
  assert.equal(created.response?.data?.['password'], undefined, 'the password is write-only');

  await call('update', 'users/ada', { admin: true });
  assert.equal((await call('read', 'users/ada')).response?.data?.['admin'], true);

  await call('create', 'users/grace', { email: 'grace@example.com' });
  assert.deepEqual((await call('list', 'users/')).response?.data?.['keys'], ['ada', 'grace']);

  await call('delete', 'users/grace');
  assert.deepEqual((await call('list', 'users/')).response?.data?.['keys'], ['ada']);
  assert.equal((await call('read', 'users/grace')).response, null);
});

test('an unknown path is unsupported_path (404), a missing operation unsupported_operation (405)', async () => {
  await assert.rejects(call('read', 'nowhere'), (error: unknown) => {
    assert.ok(isHostError(error));
    assert.equal(error.code, 'unsupported_path');
    assert.equal(error.detail?.['httpStatus'], 404);
    return true;
  });
  await assert.rejects(call('delete', 'hello/ada'), (error: unknown) => {
    assert.ok(isHostError(error));
    assert.equal(error.code, 'unsupported_operation');
    assert.equal(error.detail?.['httpStatus'], 405);
    return true;
  });
});

test('the storage trace names the keys of the request that made them', async () => {
  const { storage } = await call('read', 'users/ada');
  assert.deepEqual(
    storage.map((trace) => [trace.operation, trace.key]),
    [['get', 'users/ada']],
  );
  assert.ok((storage[0]?.bytes ?? 0) > 0);
});
