/**
 * The storage inspector's contract methods on real services: the real KV engine (v1, whose keys are
 * the request paths) writing through the real barrier into a real SQLite file; the inspector reads
 * that storage back through the mount's view, captures per-request diffs only when asked, audits
 * its reads as Vault's sys/raw, and answers nothing while sealed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AppServices } from '../../../../electron/core/app-services';
import { call, callError, PASSPHRASE, removeDir, servicesWithKv } from '../core-helpers';

describe('storage inspector', () => {
  let services: AppServices;
  let dataDir: string;
  let uuid: string;

  before(async () => {
    ({ services, dataDir } = await servicesWithKv({ version: '1' }));
    uuid = (await call(services, 'mounts.list', {})).mounts.find((mount) => mount.path === 'secret/')!.uuid;
    for (const name of ['a', 'b', 'c', 'd', 'e']) {
      await call(services, 'requests.handle', { path: `secret/${name}`, operation: 'write', data: { value: `value-${name}` } });
    }
    await call(services, 'requests.handle', { path: 'secret/team/db', operation: 'write', data: { password: 'hunter2' } });
  });
  after(async () => {
    await services.close();
    removeDir(dataDir);
  });

  test('lists the keys under a prefix with their plaintext sizes, sub-folders ending with /', async () => {
    const page = await call(services, 'storage.list', { mount: 'secret/' });
    assert.deepEqual(
      page.entries.map((entry) => [entry.name, entry.folder]),
      [['a', false], ['b', false], ['c', false], ['d', false], ['e', false], ['team/', true]],
    );
    assert.equal(page.entries[0]?.bytes, Buffer.byteLength(JSON.stringify({ value: 'value-a' })));
    assert.equal(page.entries[5]?.bytes, null);
    assert.equal(page.nextCursor, null);
    const team = await call(services, 'storage.list', { mount: 'secret', prefix: 'team/' });
    assert.deepEqual(team.entries, [{ key: 'team/db', name: 'db', folder: false, bytes: Buffer.byteLength(JSON.stringify({ password: 'hunter2' })) }]);
  });

  test('pages with a cursor, each page in key order, none repeated or skipped', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await call(services, 'storage.list', { mount: 'secret/', limit: 4, ...(after === undefined ? {} : { after }) });
      seen.push(...page.entries.map((entry) => entry.key));
      if (page.nextCursor === null) break;
      after = page.nextCursor;
    }
    assert.deepEqual(seen, ['a', 'b', 'c', 'd', 'e', 'team/']);
  });

  test('reads a value decrypted, as text when it is text', async () => {
    const value = await call(services, 'storage.read', { mount: 'secret/', key: 'team/db' });
    assert.deepEqual(value, { mount: 'secret/', key: 'team/db', bytes: 22, value: { text: '{"password":"hunter2"}' } });
  });

  test('every read is audited as sys/raw over the same key, its value HMAC\'d', async () => {
    const { entries } = await call(services, 'audit.list', { path: `sys/raw/logical/${uuid}/team/db` });
    const response = entries.find((entry) => entry.kind === 'response' && entry.operation === 'read');
    assert.ok(response, 'the read was audited');
    const shown = JSON.stringify(response.data);
    assert.doesNotMatch(shown, /hunter2/);
    assert.match(shown, /hmac-sha256:/);
    const listed = await call(services, 'audit.list', { path: `sys/raw/logical/${uuid}/team/` });
    assert.ok(listed.entries.some((entry) => entry.operation === 'list'), 'the list was audited');
  });

  test('bad input is refused with what to do', async () => {
    assert.equal((await callError(services, 'storage.list', { mount: 'nothing/' })).code, 'mount_not_found');
    const sys = await callError(services, 'storage.list', { mount: 'sys/' });
    assert.equal(sys.code, 'mount_not_found');
    assert.match(sys.message, /Name a plugin mount/);
    assert.equal((await callError(services, 'storage.read', { mount: 'secret/', key: 'a/../b' })).code, 'invalid_storage_key');
    const missing = await callError(services, 'storage.read', { mount: 'secret/', key: 'zzz' });
    assert.equal(missing.code, 'not_found');
    assert.match(missing.message, /List the mount's storage/);
  });

  test('with capture off a request has no diff', async () => {
    assert.deepEqual(await call(services, 'storage.captureState', { mount: 'secret/' }), { mount: 'secret/', enabled: false });
    const write = await call(services, 'requests.handle', { path: 'secret/a', operation: 'write', data: { value: 'changed-uncaptured' } });
    assert.deepEqual(await call(services, 'storage.diff', { requestId: write.requestId }), { requestId: write.requestId, captured: false, mount: null, changes: [] });
  });

  test('with capture on, a change shows its sizes and, on demand, the values before and after', async () => {
    assert.deepEqual(await call(services, 'storage.capture', { mount: 'secret', enabled: true }), { mount: 'secret/', enabled: true });
    const update = await call(services, 'requests.handle', { path: 'secret/b', operation: 'write', data: { value: 'value-b2', extra: 'x' } });
    const before = JSON.stringify({ value: 'value-b' });
    const afterText = JSON.stringify({ extra: 'x', value: 'value-b2' });
    const diff = await call(services, 'storage.diff', { requestId: update.requestId });
    assert.deepEqual(diff, { requestId: update.requestId, captured: true, mount: 'secret/', changes: [{ key: 'b', op: 'put', beforeBytes: before.length, afterBytes: afterText.length }] });
    const values = await call(services, 'storage.diffValue', { requestId: update.requestId, key: 'b' });
    assert.deepEqual(values, { requestId: update.requestId, key: 'b', before: { text: before }, after: { text: afterText } });

    const created = await call(services, 'requests.handle', { path: 'secret/new', operation: 'write', data: { value: 'n' } });
    const createdDiff = await call(services, 'storage.diff', { requestId: created.requestId });
    assert.deepEqual(createdDiff.changes, [{ key: 'new', op: 'put', beforeBytes: null, afterBytes: JSON.stringify({ value: 'n' }).length }]);

    const deleted = await call(services, 'requests.handle', { path: 'secret/c', operation: 'delete' });
    const deletedValues = await call(services, 'storage.diffValue', { requestId: deleted.requestId, key: 'c' });
    assert.deepEqual(deletedValues.before, { text: JSON.stringify({ value: 'value-c' }) });
    assert.equal(deletedValues.after, null);
    assert.equal((await call(services, 'storage.diff', { requestId: deleted.requestId })).changes[0]?.op, 'delete');

    const read = await call(services, 'requests.handle', { path: 'secret/b', operation: 'read' });
    assert.deepEqual(await call(services, 'storage.diff', { requestId: read.requestId }), { requestId: read.requestId, captured: true, mount: 'secret/', changes: [] });
    assert.equal((await callError(services, 'storage.diffValue', { requestId: read.requestId, key: 'b' })).code, 'not_found');
  });

  test('turning capture on and revealing a diff value are audited', async () => {
    const switched = await call(services, 'audit.list', { path: 'sys/config/storage-capture/secret/' });
    assert.ok(switched.entries.some((entry) => entry.kind === 'request' && entry.operation === 'update'));
    const reads = await call(services, 'audit.list', { path: `sys/raw/logical/${uuid}/b` });
    assert.ok(reads.entries.some((entry) => entry.kind === 'response' && entry.operation === 'read'));
  });

  test('sealed, every storage method answers sealed; the captures and the switch are gone after unseal', async () => {
    const update = await call(services, 'requests.handle', { path: 'secret/d', operation: 'write', data: { value: 'd2' } });
    await call(services, 'seal.seal', {});
    for (const [method, args] of [
      ['storage.list', { mount: 'secret/' }],
      ['storage.read', { mount: 'secret/', key: 'd' }],
      ['storage.capture', { mount: 'secret/', enabled: true }],
      ['storage.diff', { requestId: update.requestId }],
      ['storage.diffValue', { requestId: update.requestId, key: 'd' }],
    ] as const) {
      assert.equal((await callError(services, method, args)).code, 'sealed', method);
    }
    await call(services, 'seal.unseal', { passphrase: PASSPHRASE });
    assert.equal((await call(services, 'storage.diff', { requestId: update.requestId })).captured, false);
    assert.equal((await call(services, 'storage.captureState', { mount: 'secret/' })).enabled, false);
  });
});
