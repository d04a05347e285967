import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { AppServices } from '../../../../electron/core/app-services';
import { call, removeDir, servicesWithKv } from '../core-helpers';

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
