import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDispatcher } from '../../../electron/core/dispatch';
import type { ContractHandlers } from '../../../electron/common/contract';
import { ContractError } from '../../../electron/common/errors';

function dispatcherWith(appInfo: ContractHandlers['app.info']) {
  return createDispatcher({ 'app.info': appInfo } as ContractHandlers);
}

const info = async () => ({ name: 'Strongroom' as const, version: '1', mode: 'headless' as const, dataDir: '/d', platform: 'linux', vaultApiAddress: null });

test('unknown method is refused with unknown_method', async () => {
  const reply = await dispatcherWith(info)('nope.nothing', {});
  assert.equal(reply.ok, false);
  assert.equal(!reply.ok && reply.error.code, 'unknown_method');
});

test('inherited object keys are not methods', async () => {
  const reply = await dispatcherWith(info)('constructor', {});
  assert.equal(!reply.ok && reply.error.code, 'unknown_method');
});

test('arguments failing the schema never reach the handler', async () => {
  let called = false;
  const reply = await dispatcherWith(async () => {
    called = true;
    return info();
  })('app.info', { unexpected: 1 });
  assert.equal(called, false);
  assert.equal(!reply.ok && reply.error.code, 'invalid_arguments');
  assert.match(!reply.ok ? reply.error.message : '', /app\.info/);
});

test('a handler error keeps its code and message', async () => {
  const reply = await dispatcherWith(async () => {
    throw new ContractError('sealed', 'Strongroom is sealed. Unseal it first.');
  })('app.info', {});
  assert.deepEqual(reply, { ok: false, error: { code: 'sealed', message: 'Strongroom is sealed. Unseal it first.' } });
});

test('an unexpected exception becomes code internal', async () => {
  const reply = await dispatcherWith(async () => {
    throw new TypeError('boom');
  })('app.info', {});
  assert.equal(!reply.ok && reply.error.code, 'internal');
});

test('a valid call returns the result', async () => {
  const reply = await dispatcherWith(info)('app.info', {});
  assert.equal(reply.ok && (reply.result as { name: string }).name, 'Strongroom');
});

test('a foreign error that happens to carry a string code is not passed off as a stable code', async () => {
  const reply = await dispatcherWith(async () => {
    throw Object.assign(new Error('EACCES: permission denied, open /x'), { code: 'EACCES' });
  })('app.info', {});
  assert.equal(!reply.ok && reply.error.code, 'internal');
  assert.match(!reply.ok ? reply.error.message : '', /EACCES/);
});
