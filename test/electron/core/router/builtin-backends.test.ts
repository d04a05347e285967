/**
 * A built-in backend registered in the router's table of built-in prefixes, next to the real
 * `sys/`, on a real core (temp SQLite file, real barrier, real audit table): requests reach it
 * with the path relative to its prefix, each is audited as a request and a response (or a
 * failure), and help answers for it the way it answers for `sys/`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
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
import { SystemBackend } from '../../../../electron/core/sys/system-backend';
import { Storage } from '../../../../electron/storage';
import { PASSPHRASE, removeDir, tempDataDir, TEST_KDF } from '../core-helpers';

/** An in-process backend at `notes/`: keeps what is written, answers reads, refuses `delete`. */
class NotesBackend implements BuiltinBackend {
  readonly mount: RequestMountView = { path: 'notes/', type: 'notes', accessor: 'notes_1234', uuid: '11111111-1111-1111-1111-111111111111' };
  readonly calls: { operation: VaultOperation; path: string }[] = [];
  private readonly notes = new Map<string, Record<string, unknown>>();

  async handle(operation: VaultOperation, path: string, data: Record<string, unknown>): Promise<BuiltinReply | null> {
    this.calls.push({ operation, path });
    if (operation === 'update') {
      this.notes.set(path, data);
      return null;
    }
    if (operation === 'read') {
      const note = this.notes.get(path);
      return note === undefined ? null : { data: note, warnings: ['read from notes'] };
    }
    if (operation === 'list') return { data: { keys: [...this.notes.keys()].sort() } };
    throw new Error(`notes/ does not support ${operation}`);
  }

  help(path: string): { help: string; openapi: Record<string, unknown> } {
    return { help: `Notes help for "${path}"`, openapi: { openapi: '3.0.2', paths: { [`/${path}`]: {} } } };
  }
}

describe('a built-in backend in the table of built-in prefixes', () => {
  let dataDir: string;
  let storage: Storage;
  let auditLog: AuditLog;
  let core: CoreRuntime;
  let notes: NotesBackend;
  let router: RequestRouter;

  const entriesOf = (requestId: string) =>
    auditLog
      .list({ requestId, limit: 50 })
      .entries.reverse()
      .map(({ kind, operation, mountPath, mountType, path, error }) => ({ kind, operation, mountPath, mountType, path, error: error?.code ?? null }));

  before(async () => {
    dataDir = tempDataDir();
    storage = Storage.open({ dataDir, kdf: TEST_KDF });
    await storage.init(PASSPHRASE);
    auditLog = new AuditLog(storage.openAuditConnection());
    const sealStatus = (): SealStatusView => ({ initialized: true, sealed: false });
    core = new CoreRuntime({ storage, dataDir, events: new EventBus(), auditLog, sealStatus, rotateKey: async () => sealStatus() });
    const system = new SystemBackend({ mounts: core.mounts, plugins: core.pluginService, leases: core.leases, hasher: core.hasher, policies: core.policies, tokens: core.tokens, wrapping: core.wrapping, sealStatus, rotateKey: async () => sealStatus() });
    notes = new NotesBackend();
    router = new RequestRouter({
      table: core.table,
      plugins: core.plugins,
      leases: core.leases,
      audit: new RequestAudit(auditLog, core.hasher),
      builtins: new BuiltinBackends([system, notes]),
      tokens: core.tokens,
      access: policyAccessCheck(core.policies),
      wrapping: core.wrapping,
    });
  });
  after(async () => {
    await core.close();
    auditLog.close();
    storage.close();
    removeDir(dataDir);
  });

  test('a write and a read reach it with the path relative to its prefix, and each is audited as request + response', async () => {
    const written = await router.handle({ path: 'notes/todo', operation: 'write', data: { text: 'buy milk' } });
    assert.equal(written.status, 204, 'no reply is 204');
    assert.equal(written.operation, 'update', 'no existence check: a write is an update');
    assert.deepEqual(written.mount, notes.mount);
    assert.equal(written.path, 'todo');

    const read = await router.handle({ path: '/notes/todo', operation: 'read' });
    assert.equal(read.status, 200);
    assert.deepEqual(read.data, { text: 'buy milk' });
    assert.deepEqual(read.warnings, ['read from notes']);
    assert.deepEqual([read.raw, read.secret, read.redirect, read.specialPaths, read.trace], [null, null, null, [], []]);
    assert.deepEqual(notes.calls, [
      { operation: 'update', path: 'todo' },
      { operation: 'read', path: 'todo' },
    ]);

    const entry = { operation: 'update', mountPath: 'notes/', mountType: 'notes', path: 'notes/todo', error: null };
    assert.deepEqual(entriesOf(written.requestId), [
      { kind: 'request', ...entry },
      { kind: 'response', ...entry },
    ]);
    assert.deepEqual(entriesOf(read.requestId), [
      { kind: 'request', ...entry, operation: 'read' },
      { kind: 'response', ...entry, operation: 'read' },
    ]);
    const [request] = auditLog.list({ requestId: written.requestId, limit: 50 }).entries.filter((e) => e.kind === 'request');
    assert.deepEqual(request?.data, { data: { text: core.hasher.hash('buy milk') } }, 'the request body is HMAC-d like any other');
  });

  test('its prefix alone finds it, a list plans the folder path, and a read of nothing is not_found, audited as a failure', async () => {
    const listed = await router.handle({ path: 'notes', operation: 'list' });
    assert.deepEqual(listed.data, { keys: ['todo'] });
    assert.equal(listed.path, '', 'the mount root');

    await assert.rejects(router.handle({ path: 'notes/missing', operation: 'read' }), (error: { code: string; detail: { requestId: string; trace: unknown[] } }) => {
      assert.equal(error.code, 'not_found');
      assert.deepEqual(error.detail.trace, []);
      assert.deepEqual(
        entriesOf(error.detail.requestId).map((e) => [e.kind, e.path, e.error]),
        [
          ['request', 'notes/missing', null],
          ['response', 'notes/missing', 'not_found'],
        ],
      );
      return true;
    });
  });

  test('help answers for it as for sys/: its mount, the relative path, no see-also, no trace, not audited', async () => {
    const system = await router.help('sys/mounts');
    const help = await router.help('notes/todo');
    assert.deepEqual(help.mount, notes.mount);
    assert.equal(help.path, 'todo');
    assert.equal(help.help, 'Notes help for "todo"');
    assert.deepEqual(help.openapi, { openapi: '3.0.2', paths: { '/todo': {} } });
    for (const result of [system, help]) {
      assert.deepEqual([result.seeAlso, result.trace], [[], []], `${result.mount.path}: no see-also, no trace`);
      assert.deepEqual(entriesOf(result.requestId), [], `${result.mount.path}: help from declarations is not audited`);
    }
    assert.equal(system.path, 'mounts');
    assert.equal(system.mount.path, 'sys/');
  });

  test('a path outside every built-in prefix still goes to the mount table', async () => {
    await assert.rejects(router.handle({ path: 'notesx/todo', operation: 'read' }), { code: 'no_mount' });
    assert.equal(notes.calls.filter((call) => call.path.includes('notesx')).length, 0);
  });

  test('a request marked unauthenticated reaches no built-in backend: only a plugin\'s unauthenticated path takes one', async () => {
    const before = notes.calls.length;
    await assert.rejects(router.handle({ path: 'notes/todo', operation: 'write', data: { text: 'x' }, unauthenticated: true }), { code: 'permission_denied' });
    assert.equal(notes.calls.length, before, 'the backend was not called');
    assert.equal(await router.pathAccess('notes/todo'), 'token');
    assert.equal(await router.pathAccess('nowhere/login'), 'unrouted');
  });
});
