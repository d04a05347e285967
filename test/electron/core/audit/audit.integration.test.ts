import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { AppServices } from '../../../../electron/core/app-services';
import { call, callError, PASSPHRASE, removeDir, servicesWithKv } from '../core-helpers';

const SECRET = 'zebra-quartz-7f3a9c-unforgettable';

describe('audit log', () => {
  let services: AppServices;
  let dataDir: string;

  before(async () => {
    ({ services, dataDir } = await servicesWithKv());
    await call(services, 'requests.handle', { path: 'secret/data/audited', operation: 'write', data: { data: { token: SECRET, port: 5432 } } });
    await call(services, 'requests.handle', { path: 'secret/data/audited', operation: 'read' });
    for (let i = 0; i < 5; i++) await call(services, 'requests.handle', { path: `secret/data/page/${i}`, operation: 'write', data: { data: { i } } });
  });
  after(async () => {
    await services.close();
    removeDir(dataDir);
  });

  test('request and response are logged with values HMAC\'d and paths in clear', async () => {
    const { entries } = await call(services, 'audit.list', { path: 'secret/data/audited' });
    const kinds = entries.map((entry) => `${entry.kind} ${entry.operation}`);
    assert.deepEqual(kinds, ['response read', 'request read', 'response create', 'request create']);
    const request = entries[3];
    const { hash } = await call(services, 'audit.hash', { value: SECRET });
    assert.deepEqual(request?.data, { data: { data: { token: hash, port: (await call(services, 'audit.hash', { value: '5432' })).hash } } });
    const response = entries[0]?.data as { data: { data: { token: string } } };
    assert.equal(response.data.data.token, hash);
    assert.equal(entries[0]?.mountPath, 'secret/');
    assert.equal(entries[0]?.mountType, 'kv');
    assert.ok((entries[0]?.durationMs ?? 0) > 0);
    assert.equal(entries[0]?.requestId, entries[1]?.requestId);
  });

  test('failures are logged with their code', async () => {
    await call(services, 'requests.handle', { path: 'secret/data/missing', operation: 'read' }).catch(() => undefined);
    const { entries } = await call(services, 'audit.list', { path: 'secret/data/missing', limit: 1 });
    assert.deepEqual(entries[0]?.error?.code, 'not_found');
  });

  test('pages newest first with a cursor, filtered by mount or path prefix', async () => {
    const first = await call(services, 'audit.list', { path: 'secret/data/page/', limit: 4 });
    assert.equal(first.entries.length, 4);
    assert.ok(first.nextCursor !== null);
    const second = await call(services, 'audit.list', { path: 'secret/data/page/', limit: 100, cursor: first.nextCursor });
    assert.equal(first.entries.length + second.entries.length, 10);
    assert.equal(second.nextCursor, null);
    const seqs = [...first.entries, ...second.entries].map((entry) => entry.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a));
    const bySys = await call(services, 'audit.list', { mount: 'sys' });
    assert.ok(bySys.entries.every((entry) => entry.mountPath === 'sys/'));
  });

  test('changes made through the contract are logged as the sys/ requests that make them', async () => {
    // servicesWithKv registered kv and enabled secret/ through the contract.
    const sys = async (path: string) => (await call(services, 'audit.list', { path, limit: 10 })).entries;
    const [registered] = await sys('sys/plugins/catalog/secret/kv');
    assert.equal(registered?.operation, 'update');
    assert.equal(registered?.mountType, 'system');
    assert.equal(registered?.error, null);
    const enabled = await sys('sys/mounts/secret');
    assert.deepEqual(enabled.map((entry) => `${entry.kind} ${entry.operation} ${entry.path}`), [
      'response update sys/mounts/secret',
      'request update sys/mounts/secret',
    ]);
    const { hash } = await call(services, 'audit.hash', { value: 'kv' });
    assert.equal((enabled[1]?.data as { data: { type: string } }).data.type, hash, 'request bodies are HMAC\'d');

    await call(services, 'mounts.enable', { path: 'second', type: 'kv' });
    await call(services, 'mounts.tune', { path: 'second/', description: 'tuned' });
    await call(services, 'mounts.move', { from: 'second/', to: 'third/' });
    await call(services, 'mounts.disable', { path: 'third/' });
    const overlap = await callError(services, 'mounts.enable', { path: 'secret/inner', type: 'kv' });
    const changes = (await call(services, 'audit.list', { mount: 'sys', limit: 10 })).entries.filter((entry) => entry.kind === 'response');
    assert.deepEqual(
      changes.slice(0, 5).map((entry) => `${entry.operation} ${entry.path} ${entry.error?.code ?? 'ok'}`),
      [
        `update sys/mounts/secret/inner ${overlap.code}`,
        'delete sys/mounts/third ok',
        'update sys/remount ok',
        'update sys/mounts/second/tune ok',
        'update sys/mounts/second ok',
      ],
    );
  });

  test('sealing is logged before the keys go', async () => {
    await call(services, 'seal.seal', {});
    await call(services, 'seal.seal', {}); // already sealed: nothing to log, and no error
    await call(services, 'seal.unseal', { passphrase: PASSPHRASE });
    const entries = (await call(services, 'audit.list', { path: 'sys/seal', limit: 10 })).entries;
    assert.deepEqual(entries.map((entry) => `${entry.kind} ${entry.error?.code ?? 'ok'}`), ['response ok', 'request ok']);
    assert.deepEqual(entries[0]?.data, { data: null, warnings: [], leaseId: null });
  });

  test('the secret value appears nowhere in the database or WAL bytes', async () => {
    for (const name of ['strongroom.db', 'strongroom.db-wal']) {
      const file = path.join(dataDir, name);
      if (!fs.existsSync(file)) continue;
      const bytes = fs.readFileSync(file);
      assert.equal(bytes.includes(Buffer.from(SECRET)), false, `${name} holds the secret in clear`);
      assert.equal(bytes.includes(Buffer.from(SECRET, 'utf16le')), false);
    }
  });
});
