/**
 * The callback thread (plugin-host/callbacks/): a real KV plugin whose storage calls are answered by
 * the worker from its own connection to a real encrypted SQLite file.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Storage } from '../../../electron/storage';
import { isHostError, type MountResult, type StorageTrace } from '../../../plugin-host';
import { startPluginStack, TEST_KDF, TEST_PASSPHRASE, type PluginStack } from '../../reliability/plugin-stack';

const KV = [{ name: 'kv', fixture: 'vault-plugin-secrets-kv' as const }];
let stack: PluginStack;

before(async () => {
  stack = await startPluginStack(KV, { callbackThread: true });
});
after(async () => {
  await stack.close();
});

/** Retries while the plugin's storage connection comes back (after a worker was killed). */
async function eventually(run: () => Promise<MountResult>): Promise<MountResult> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw lastError;
}

test('a put is on disk when the plugin has its answer: a second store on the file reads it', async () => {
  const mount = stack.mount('kv', 'disk/');
  await stack.supervisor.request(mount.id, { operation: 'update', path: 'secret', data: { password: 'on-disk' } });
  assert.notEqual(stack.supervisor.callbackThread?.threadId, undefined, 'the callbacks were served by the worker');
  const reopened = Storage.open({ dataDir: stack.dataDir, kdf: TEST_KDF });
  try {
    await reopened.unseal(TEST_PASSPHRASE);
    const entry = await reopened.mountView(mount.id).get('secret');
    assert.ok(entry !== undefined, 'the value is in the file');
    assert.deepEqual(JSON.parse(Buffer.from(entry.value).toString('utf8')), { password: 'on-disk' });
  } finally {
    reopened.close();
  }
});

test("seal wipes the worker's keys: a plugin's read while sealed fails with the sealed error", async () => {
  const mount = stack.mount('kv', 'sealed/');
  await stack.supervisor.request(mount.id, { operation: 'update', path: 'k', data: { v: '1' } });
  stack.storage.seal();
  try {
    await assert.rejects(stack.supervisor.request(mount.id, { operation: 'read', path: 'k' }), (error: unknown) => {
      assert.ok(isHostError(error));
      assert.equal(error.code, 'sealed');
      return true;
    });
  } finally {
    await stack.storage.unseal(TEST_PASSPHRASE);
  }
  const { response } = await stack.supervisor.request(mount.id, { operation: 'read', path: 'k' });
  assert.deepEqual(response?.data, { v: '1' });
});

test('a rotated keyring reaches the worker before its next write', async () => {
  const mount = stack.mount('kv', 'rotated/');
  const term = stack.storage.rotate();
  await stack.supervisor.request(mount.id, { operation: 'update', path: 'after-rotate', data: { v: '2' } });
  const reopened = Storage.open({ dataDir: stack.dataDir, kdf: TEST_KDF });
  try {
    await reopened.unseal(TEST_PASSPHRASE);
    assert.equal(reopened.status().activeKeyTerm, term);
  } finally {
    reopened.close();
  }
  // The stored value names the term that sealed it in its first four bytes.
  const db = (await import('better-sqlite3')).default(`${stack.dataDir}/strongroom.db`, { readonly: true });
  try {
    const stored = db.prepare('SELECT value FROM entries WHERE path = ?').pluck().get(`logical/${mount.id}/after-rotate`) as Buffer;
    assert.equal(stored.readUInt32BE(0), term);
  } finally {
    db.close();
  }
});

test('a worker crash does not take the host down, and the callbacks come back', async () => {
  const mount = stack.mount('kv', 'crash/');
  await stack.supervisor.request(mount.id, { operation: 'update', path: 'before', data: { v: 'kept' } });
  const thread = stack.supervisor.callbackThread!;
  const firstThread = thread.threadId;
  const restarts = thread.restarts;
  await thread.killWorker();
  const { response } = await eventually(() => stack.supervisor.request(mount.id, { operation: 'read', path: 'before' }));
  assert.deepEqual(response?.data, { v: 'kept' });
  assert.equal(thread.restarts, restarts + 1);
  assert.notEqual(thread.threadId, firstThread);
  await stack.supervisor.request(mount.id, { operation: 'update', path: 'after', data: { v: 'written' } });
  const read = await stack.supervisor.request(mount.id, { operation: 'read', path: 'after' });
  assert.deepEqual(read.response?.data, { v: 'written' });
});

/** What a trace says, without its duration. */
function shape(traces: StorageTrace[]) {
  return traces.map(({ durationMs: _durationMs, ...rest }) => rest);
}

async function tracesOf(callbackThread: boolean): Promise<unknown[]> {
  const own = await startPluginStack(KV, { callbackThread });
  try {
    const mount = own.mount('kv', 'traced/');
    const results = [
      await own.supervisor.request(mount.id, { operation: 'update', path: 'a', data: { v: '1' } }),
      await own.supervisor.request(mount.id, { operation: 'read', path: 'a' }),
      await own.supervisor.request(mount.id, { operation: 'list', path: '' }),
      await own.supervisor.request(mount.id, { operation: 'read', path: 'missing' }),
      await own.supervisor.request(mount.id, { operation: 'delete', path: 'a' }),
    ];
    assert.equal(own.supervisor.callbackThread === undefined, !callbackThread);
    return results.map((result) => shape(result.storage));
  } finally {
    await own.close();
  }
}

test('the storage trace is the same as on the main thread', async () => {
  const onMain = await tracesOf(false);
  const onThread = await tracesOf(true);
  assert.ok(onMain.every((traces) => Array.isArray(traces) && traces.length > 0), 'every request touched storage');
  assert.deepEqual(onThread, onMain);
});
