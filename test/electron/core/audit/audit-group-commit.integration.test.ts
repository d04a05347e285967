/**
 * The audit log's group commit on a real core (temp SQLite file, real barrier, real audit table):
 * entries appended in one event-loop turn share a commit, yet each request goes on only once its
 * own entry is committed. A backend reads the log through a connection of its own while it runs,
 * so it sees only what is committed: its request's entry must already be there (requests in
 * flight together included). A write the audit table refuses (a temporary SQLite trigger on the
 * log's own connection) fails that request, and only that one.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { VaultOperation } from '../../../../plugin-host';
import type { RequestMountView } from '../../../../electron/common/contract/requests';
import type { SealStatusView } from '../../../../electron/common/contract/seal';
import { AuditLog } from '../../../../electron/core/audit/audit-log';
import { CoreRuntime } from '../../../../electron/core/core-runtime';
import { EventBus } from '../../../../electron/core/event-bus';
import { BuiltinBackends, type BuiltinBackend, type BuiltinReply } from '../../../../electron/core/router/builtin-backends';
import { RequestAudit } from '../../../../electron/core/router/request-audit';
import { policyAccessCheck } from '../../../../electron/core/policies/access-check';
import { RequestRouter } from '../../../../electron/core/router/request-router';
import { DATABASE_FILE, Storage, type AuditConnection } from '../../../../electron/storage';
import { PASSPHRASE, removeDir, tempDataDir, TEST_KDF } from '../core-helpers';

/** At `probe/`: on each call, what another connection to the file can read of the log for that path. */
class ProbeBackend implements BuiltinBackend {
  readonly mount: RequestMountView = { path: 'probe/', type: 'probe', accessor: 'probe_1234', uuid: '22222222-2222-2222-2222-222222222222' };
  readonly seen = new Map<string, string[]>();

  constructor(private readonly reader: Database.Database) {}

  async handle(_operation: VaultOperation, relative: string): Promise<BuiltinReply | null> {
    const kinds = this.reader.prepare<[string], string>('SELECT kind FROM audit_log WHERE path = ? ORDER BY seq').pluck().all(`probe/${relative}`);
    this.seen.set(relative, kinds);
    return { data: { relative } };
  }

  help(): { help: string; openapi: Record<string, unknown> } {
    return { help: 'probe', openapi: {} };
  }
}

describe('audit group commit', () => {
  let dataDir: string;
  let storage: Storage;
  let connection: AuditConnection;
  let auditLog: AuditLog;
  let core: CoreRuntime;
  let reader: Database.Database;
  let probe: ProbeBackend;
  let router: RequestRouter;

  const committed = (where: string) => reader.prepare<[string], { kind: string; path: string }>(`SELECT kind, path FROM audit_log WHERE path LIKE ? ORDER BY seq`).all(where);
  const refuse = (name: string, when: string) =>
    connection.exec(`CREATE TEMP TRIGGER ${name} BEFORE INSERT ON audit_log WHEN ${when} BEGIN SELECT RAISE(ABORT, 'audit write refused by the test trigger ${name}'); END;`);

  before(async () => {
    dataDir = tempDataDir();
    storage = Storage.open({ dataDir, kdf: TEST_KDF });
    await storage.init(PASSPHRASE);
    connection = storage.openAuditConnection();
    auditLog = new AuditLog(connection);
    reader = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
    const sealStatus = (): SealStatusView => ({ initialized: true, sealed: false });
    core = new CoreRuntime({ storage, dataDir, events: new EventBus(), auditLog, sealStatus, rotateKey: async () => sealStatus() });
    probe = new ProbeBackend(reader);
    router = new RequestRouter({
      table: core.table,
      plugins: core.plugins,
      leases: core.leases,
      audit: new RequestAudit(auditLog, core.hasher),
      builtins: new BuiltinBackends([probe]),
      tokens: core.tokens,
      access: policyAccessCheck(core.policies),
      wrapping: core.wrapping,
    });
  });
  after(async () => {
    await core.close();
    auditLog.close();
    reader.close();
    storage.close();
    removeDir(dataDir);
  });

  test('a request entry is committed before the backend runs, and the response before the caller gets the answer', async () => {
    const result = await router.handle({ path: 'probe/one', operation: 'read' });
    assert.equal(result.status, 200);
    assert.deepEqual(probe.seen.get('one'), ['request'], 'the backend ran after its request entry was readable from another connection');
    assert.deepEqual(committed('probe/one').map((row) => row.kind), ['request', 'response'], 'the response entry was committed when handle() returned');
  });

  test('requests in flight together: each finds its own entry committed, and the log keeps every pair in order', async () => {
    const names = Array.from({ length: 24 }, (_, i) => `many/${i}`);
    const results = await Promise.all(names.map((name) => router.handle({ path: `probe/${name}`, operation: 'read' })));
    assert.deepEqual(results.map((result) => result.status), names.map(() => 200));
    for (const name of names) assert.deepEqual(probe.seen.get(name), ['request'], `${name} ran with its request entry committed`);
    const rows = committed('probe/many/%');
    assert.equal(rows.length, 2 * names.length);
    for (const name of names) {
      const kinds = rows.filter((row) => row.path === `probe/${name}`).map((row) => row.kind);
      assert.deepEqual(kinds, ['request', 'response'], `${name}: request before response`);
    }
  });

  test('appends of one turn share a commit and settle in order; the log lists them all once settled', async () => {
    const order: number[] = [];
    const appends = Array.from({ length: 10 }, (_, i) =>
      auditLog.append({ kind: 'request', requestId: `turn-${i}`, operation: 'read', mountPath: null, mountType: null, path: `turn/${i}`, body: null }).then(() => order.push(i)),
    );
    assert.equal(committed('turn/%').length, 0, 'nothing is committed before the end of the turn');
    await Promise.all(appends);
    assert.deepEqual(order, [...order].sort((a, b) => a - b));
    assert.deepEqual(committed('turn/%').map((row) => row.path), order.map((i) => `turn/${i}`), 'committed in append order');
  });

  test('an audit write that fails fails its request (before the backend runs), and the others of its turn still commit', async () => {
    refuse('refuse_request', `NEW.path = 'probe/refused/request' AND NEW.kind = 'request'`);
    try {
      const [refused, passed] = await Promise.allSettled([
        router.handle({ path: 'probe/refused/request', operation: 'read' }),
        router.handle({ path: 'probe/refused/neighbour', operation: 'read' }),
      ]);
      assert.equal(refused?.status, 'rejected');
      assert.match(String((refused as PromiseRejectedResult).reason), /audit write refused by the test trigger refuse_request/);
      assert.equal(probe.seen.has('refused/request'), false, 'the backend was never called');
      assert.equal(passed?.status, 'fulfilled', 'a request grouped with it is not failed by it');
      assert.deepEqual(committed('probe/refused/neighbour').map((row) => row.kind), ['request', 'response']);
    } finally {
      connection.exec('DROP TRIGGER refuse_request');
    }
  });

  test('a response entry that cannot be written fails the request after the backend ran', async () => {
    refuse('refuse_response', `NEW.path = 'probe/refused/response' AND NEW.kind = 'response'`);
    try {
      await assert.rejects(router.handle({ path: 'probe/refused/response', operation: 'read' }), /audit write refused by the test trigger refuse_response/);
      assert.deepEqual(probe.seen.get('refused/response'), ['request'], 'the backend ran: its request entry was written');
      assert.deepEqual(committed('probe/refused/response').map((row) => row.kind), ['request']);
    } finally {
      connection.exec('DROP TRIGGER refuse_response');
    }
  });

  test('close() commits the entries still waiting for the end of the turn', async () => {
    const second = new AuditLog(storage.openAuditConnection());
    const pending = second.append({ kind: 'request', requestId: 'at-close', operation: 'read', mountPath: null, mountType: null, path: 'closing/entry', body: null });
    second.close();
    await pending;
    assert.deepEqual(committed('closing/%').map((row) => row.path), ['closing/entry']);
    await assert.rejects(
      second.append({ kind: 'request', requestId: 'after-close', operation: 'read', mountPath: null, mountType: null, path: 'closing/late', body: null }),
      /database connection is not open/,
    );
  });
});
