/**
 * `sys/` answers in Vault's shapes: the same request to a real OpenBao dev server (its HTTP API)
 * and to Strongroom's router (`requests.handle`), with the same kv plugin binary registered as
 * `extkv` in both, and the two answers compared: the status, and the `data` key by key (names,
 * value types, nesting; never ids, times or versions). A new difference fails the test; the ones
 * Strongroom keeps on purpose are listed with each case, and why, in KEPT below.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppServices } from '../../../../electron/core/app-services';
import { fixturePath } from '../../../fixtures/plugins/fixtures';
import { startOpenBao, type OpenBaoServer } from '../../../support/openbao';
import { call, installPlugins, openServices, PASSPHRASE, removeDir, tempDataDir } from '../core-helpers';
import { openBaoAsker, strongroomAsker, type Answer, type Asker, type Method } from './sys-answers';
import { shapeDifferences, type AllowedDifferences } from './vault-shape';

/**
 * The differences Strongroom keeps on purpose (paths from `data`):
 * - `deprecation_status`: OpenBao reports it for its builtin engines only; `extkv` is external in both.
 * - key-status `encryptions`: the barrier does not count the values it encrypts.
 * - catalog `database`: OpenBao lists its builtin database plugins; Strongroom has none, and lists a type only when it has plugins (as OpenBao does).
 * - catalog `auth`: OpenBao's builtin auth plugins; Strongroom has no auth plugins registered here.
 * - catalog `detailed[].deprecation_status`: OpenBao's builtin plugins' (the external `extkv` has none in both).
 * - reload `reloaded`: the mounts restarted, which Strongroom adds to Vault's `reload_id`.
 * - `sys/` `config.passthrough_request_headers`: OpenBao passes `Accept` to its system backend; Strongroom's sys/ reads no headers.
 */
const KEPT = {
  builtinEntry: { missing: ['deprecation_status'] },
  sysMount: { missing: ['config.passthrough_request_headers'] },
  tune: {},
  keyStatus: { missing: ['encryptions'] },
  catalog: { missing: ['auth', 'database', 'detailed[].deprecation_status'] },
  reload: { extra: ['reloaded'] },
} satisfies Record<string, AllowedDifferences>;

describe("sys/ answers in Vault's shapes, as OpenBao does", () => {
  let services: AppServices;
  let dataDir: string;
  let pluginDir: string;
  let bao: OpenBaoServer;

  const fromOpenBao = openBaoAsker(() => bao);
  const fromStrongroom = strongroomAsker(() => services);

  /** The same request to both; the statuses must agree. */
  const both = async (method: Method, apiPath: string, body?: Record<string, unknown>) => {
    const openbao = await fromOpenBao(method, apiPath, body);
    const strongroom = await fromStrongroom(method, apiPath, body);
    assert.equal(strongroom.status, openbao.status, `${method} ${apiPath}: status (OpenBao: ${JSON.stringify(openbao)}; Strongroom: ${JSON.stringify(strongroom)})`);
    return { openbao, strongroom };
  };

  const sameShape = (name: string, openbao: unknown, strongroom: unknown, allowed?: AllowedDifferences) => {
    assert.deepEqual(shapeDifferences(openbao, strongroom, allowed), [], `${name}: OpenBao ${JSON.stringify(openbao)}\nStrongroom ${JSON.stringify(strongroom)}`);
  };

  const leaseFrom = async (answer: Asker) => {
    const read = await answer('GET', 'lp/db');
    assert.ok(read.lease !== null, `a leased read: ${JSON.stringify(read)}`);
    return read.lease.id;
  };

  before(async () => {
    dataDir = tempDataDir();
    await installPlugins(dataDir, ['vault-plugin-secrets-kv']);
    pluginDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-openbao-sys-'));
    bao = await startOpenBao(pluginDir);
    fs.copyFileSync(fixturePath('vault-plugin-secrets-kv'), path.join(pluginDir, 'vault-plugin-secrets-kv'));
    fs.chmodSync(path.join(pluginDir, 'vault-plugin-secrets-kv'), 0o755);
    services = await openServices(dataDir);
    await call(services, 'seal.init', { passphrase: PASSPHRASE });

    const sha256 = createHash('sha256').update(fs.readFileSync(fixturePath('vault-plugin-secrets-kv'))).digest('hex');
    // The same set-up, sent as the same sys/ requests to both hosts.
    const setup: Array<[Method, string, Record<string, unknown>]> = [
      ['PUT', 'sys/plugins/catalog/secret/extkv', { sha256, command: 'vault-plugin-secrets-kv' }],
      ['PUT', 'sys/plugins/catalog/secret/extkv', { sha256, command: 'vault-plugin-secrets-kv', version: 'v1.2.3', args: ['-tls-skip-verify=false'] }],
      ['POST', 'sys/mounts/ext', { type: 'extkv', description: 'd', config: { default_lease_ttl: '1h' } }],
      ['POST', 'sys/mounts/ext2', { type: 'extkv' }],
      ['POST', 'sys/mounts/lp', { type: 'extkv', options: { leased_passthrough: 'true' } }],
      ['PUT', 'lp/db', { ttl: '30m', pw: 'x' }],
    ];
    for (const [method, apiPath, body] of setup) {
      const { openbao } = await both(method, apiPath, body);
      assert.equal(openbao.status, 204, `${method} ${apiPath} on OpenBao: ${JSON.stringify(openbao)}`);
    }
  });
  after(async () => {
    await services?.close();
    await bao?.stop();
    removeDir(dataDir);
    fs.rmSync(pluginDir, { recursive: true, force: true });
  });

  test('sys/mounts: the same fields for an external mount and for sys/ itself', async () => {
    const { openbao, strongroom } = await both('GET', 'sys/mounts');
    sameShape('ext/', openbao.data?.['ext/'], strongroom.data?.['ext/']);
    sameShape('sys/', openbao.data?.['sys/'], strongroom.data?.['sys/'], KEPT.sysMount);
    const ext = strongroom.data?.['ext/'] as { config: { default_lease_ttl: number }; options: unknown; type: string };
    assert.deepEqual([ext.type, ext.config.default_lease_ttl, ext.options], ['extkv', 3600, {}]);
    assert.equal((strongroom.data?.['sys/'] as { options: unknown }).options, null, 'sys/ has no options, as in Vault');
  });

  test('sys/mounts/<path>: one mount; an unknown or taken mount and an unknown plugin are 400s, disabling nothing is a 204', async () => {
    const { openbao, strongroom } = await both('GET', 'sys/mounts/ext');
    sameShape('sys/mounts/ext', openbao.data, strongroom.data);
    const unknown = await both('GET', 'sys/mounts/nothing');
    assert.match(unknown.strongroom.errors[0] ?? '', /No secret engine mount at nothing\//);
    // `bao secrets enable -plugin-version=…` sends the version inside config.
    await both('POST', 'sys/mounts/pinned', { type: 'extkv', config: { plugin_version: 'v1.2.3' } });
    const pinned = await both('GET', 'sys/mounts/pinned');
    sameShape('sys/mounts/pinned', pinned.openbao.data, pinned.strongroom.data);
    assert.deepEqual(
      ['plugin_version', 'running_plugin_version'].map((key) => pinned.strongroom.data?.[key]),
      ['plugin_version', 'running_plugin_version'].map((key) => pinned.openbao.data?.[key]),
    );
    await both('DELETE', 'sys/mounts/pinned');
    await both('POST', 'sys/mounts/ext', { type: 'extkv' });
    await both('POST', 'sys/mounts/other', { type: 'not-registered' });
    await both('DELETE', 'sys/mounts/nothing');
    await both('DELETE', 'sys/mounts/sys');
  });

  test('sys/mounts/<path>/tune: read the TTLs in effect, write them as durations or seconds', async () => {
    const before = await both('GET', 'sys/mounts/ext/tune');
    sameShape('tune', before.openbao.data, before.strongroom.data, KEPT.tune);
    assert.deepEqual([before.strongroom.data?.['default_lease_ttl'], before.strongroom.data?.['max_lease_ttl']], [3600, 2764800], 'the system maximum, as Vault shows it');
    // What `bao secrets tune -default-lease-ttl=2h` sends (empty strings and null for the rest).
    await both('POST', 'sys/mounts/ext/tune', { default_lease_ttl: '2h', max_lease_ttl: 7200000, options: null, force_no_cache: false, description: 'tuned' });
    const after = await both('GET', 'sys/mounts/ext/tune');
    sameShape('tune after a write', after.openbao.data, after.strongroom.data, KEPT.tune);
    assert.deepEqual(
      ['default_lease_ttl', 'max_lease_ttl', 'description'].map((key) => after.strongroom.data?.[key]),
      ['default_lease_ttl', 'max_lease_ttl', 'description'].map((key) => after.openbao.data?.[key]),
    );
    await both('GET', 'sys/mounts/nothing/tune');
  });

  test('sys/remount answers a migration_id, and sys/remount/status/<id> its migration_info', async () => {
    const moved = await both('POST', 'sys/remount', { from: 'ext2', to: 'moved' });
    sameShape('remount', moved.openbao.data, moved.strongroom.data);
    const status = async (answer: Asker, id: string) => {
      for (;;) {
        const reply = await answer('GET', `sys/remount/status/${id}`);
        const info = reply.data?.['migration_info'] as { status: string } | undefined;
        if (info?.status !== 'in-progress') return reply;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const openbao = await status(fromOpenBao, String(moved.openbao.data?.['migration_id']));
    const strongroom = await status(fromStrongroom, String(moved.strongroom.data?.['migration_id']));
    sameShape('remount/status', openbao.data, strongroom.data);
    assert.deepEqual(strongroom.data?.['migration_info'], openbao.data?.['migration_info']);
    await both('GET', 'sys/remount/status/not-a-migration');
    await both('POST', 'sys/remount', { from: 'nothing', to: 'elsewhere' });
  });

  test('sys/internal/ui/mounts/<path>: the KV preflight; a path under no mount is a 403 preflight error', async () => {
    const { openbao, strongroom } = await both('GET', 'sys/internal/ui/mounts/ext/some/secret');
    sameShape('internal/ui/mounts/ext/…', openbao.data, strongroom.data);
    assert.equal(strongroom.data?.['path'], 'ext/');
    const token = await both('GET', 'sys/internal/ui/mounts/auth/token/lookup-self');
    sameShape('internal/ui/mounts/auth/token/…', token.openbao.data, token.strongroom.data);
    assert.equal(token.strongroom.data?.['path'], 'token/');
    const none = await both('GET', 'sys/internal/ui/mounts/nothing/here');
    assert.match(none.strongroom.errors[0] ?? '', /^preflight capability check returned 403, please ensure client's policies grant access to path "nothing\/here\/"/);
  });

  test('sys/internal/ui/mounts and sys/auth list the mounts and the token store', async () => {
    const { openbao, strongroom } = await both('GET', 'sys/internal/ui/mounts');
    sameShape('internal/ui/mounts secret ext/', (openbao.data?.['secret'] as Record<string, unknown>)['ext/'], (strongroom.data?.['secret'] as Record<string, unknown>)['ext/']);
    sameShape('internal/ui/mounts auth', openbao.data?.['auth'], strongroom.data?.['auth']);
    const auth = await both('GET', 'sys/auth');
    sameShape('sys/auth', auth.openbao.data, auth.strongroom.data);
  });

  test('sys/plugins/catalog: names by type and a detailed list; typed lists; one entry', async () => {
    const { openbao, strongroom } = await both('GET', 'sys/plugins/catalog');
    sameShape('catalog', openbao.data, strongroom.data, KEPT.catalog);
    const detailed = (answer: Answer) => (answer.data?.['detailed'] as Array<{ name: string; version: string }>).filter((entry) => entry.name === 'extkv');
    assert.deepEqual(detailed(strongroom), detailed(openbao));
    const listed = await both('LIST', 'sys/plugins/catalog/secret');
    assert.ok((listed.strongroom.data?.['keys'] as string[]).includes('extkv'));
    const entry = await both('GET', 'sys/plugins/catalog/secret/extkv');
    sameShape('catalog entry', entry.openbao.data, entry.strongroom.data);
    assert.deepEqual(entry.strongroom.data, entry.openbao.data, 'the same entry, value for value');
    const versioned = await both('GET', 'sys/plugins/catalog/secret/extkv?version=v1.2.3');
    assert.deepEqual(versioned.strongroom.data, versioned.openbao.data);
    await both('GET', 'sys/plugins/catalog/secret/nothing');
    // Without ?version=, only the unversioned entry (onlyversioned has none).
    await both('PUT', 'sys/plugins/catalog/secret/onlyversioned', { sha256: String(entry.openbao.data?.['sha256']), command: 'vault-plugin-secrets-kv', version: '1.0.0' });
    await both('GET', 'sys/plugins/catalog/secret/onlyversioned');
    const canonical = await both('GET', 'sys/plugins/catalog/secret/onlyversioned?version=1.0.0');
    assert.equal(canonical.strongroom.data?.['version'], 'v1.0.0', 'the version as Vault writes it');
    await both('DELETE', 'sys/plugins/catalog/secret/onlyversioned?version=v1.0.0');
  });

  test('the legacy untyped sys/plugins/catalog/<name> reads nothing, with a warning', async () => {
    const { openbao, strongroom } = await both('GET', 'sys/plugins/catalog/extkv');
    assert.equal(strongroom.data, openbao.data);
    assert.match(strongroom.warnings[0] ?? '', /^Deprecated API endpoint, cannot read plugin information from catalog for "extkv"/);
  });

  test('sys/plugins/reload/backend answers a reload_id', async () => {
    const { openbao, strongroom } = await both('PUT', 'sys/plugins/reload/backend', { plugin: 'extkv' });
    sameShape('reload', openbao.data, strongroom.data, KEPT.reload);
    await both('PUT', 'sys/plugins/reload/backend', { mounts: ['ext'] });
  });

  test('sys/leases: lookup, list, renew (the lease in the envelope), revoke; unknown leases', async () => {
    const ids = { openbao: await leaseFrom(fromOpenBao), strongroom: await leaseFrom(fromStrongroom) };
    const lookup = await Promise.all([fromOpenBao('PUT', 'sys/leases/lookup', { lease_id: ids.openbao }), fromStrongroom('PUT', 'sys/leases/lookup', { lease_id: ids.strongroom })]);
    sameShape('leases/lookup', lookup[0].data, lookup[1].data);
    assert.equal(lookup[1].data?.['path'], 'lp/db');
    assert.match(String(lookup[1].data?.['expire_time']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const listed = await both('LIST', 'sys/leases/lookup/lp/');
    assert.deepEqual(listed.strongroom.data, listed.openbao.data);
    const renewed = await Promise.all([
      fromOpenBao('PUT', 'sys/leases/renew', { lease_id: ids.openbao, increment: '1h' }),
      fromStrongroom('PUT', 'sys/leases/renew', { lease_id: ids.strongroom, increment: '1h' }),
    ]);
    assert.equal(renewed[1].status, renewed[0].status);
    sameShape('leases/renew', renewed[0].data, renewed[1].data);
    assert.deepEqual(renewed[1].lease, { id: ids.strongroom, ttl: renewed[0].lease?.ttl, renewable: true });
    for (const [method, apiPath, body] of [
      ['PUT', 'sys/leases/lookup', { lease_id: 'lp/db/nothing' }],
      ['PUT', 'sys/leases/renew', { lease_id: 'lp/db/nothing' }],
      ['PUT', 'sys/leases/revoke', { lease_id: 'lp/db/nothing' }],
      ['PUT', 'sys/leases/revoke-prefix/nothing', undefined],
      ['PUT', 'sys/leases/revoke-force/nothing', undefined],
    ] as const) {
      await both(method, apiPath, body);
    }
    const revoked = await Promise.all([fromOpenBao('PUT', `sys/leases/revoke/${ids.openbao}`), fromStrongroom('PUT', `sys/leases/revoke/${ids.strongroom}`)]);
    assert.deepEqual(revoked.map((answer) => answer.status), [204, 204]);
    await both('PUT', 'sys/leases/revoke-prefix/lp');
    await both('LIST', 'sys/leases/lookup/lp/');
  });

  test('a bare TTL from a plugin not named kv is leased; the plugin refusing the revoke is a 400 and the lease stays', async () => {
    await both('POST', 'sys/mounts/bare', { type: 'extkv' });
    await both('PUT', 'bare/ttl', { ttl: '1h', v: '1' });
    const read = { openbao: await fromOpenBao('GET', 'bare/ttl'), strongroom: await fromStrongroom('GET', 'bare/ttl') };
    const ids = { openbao: String(read.openbao.lease?.id ?? ''), strongroom: String(read.strongroom.lease?.id ?? '') };
    assert.match(ids.openbao, /^bare\/ttl\//);
    assert.match(ids.strongroom, /^bare\/ttl\//);
    assert.equal(read.strongroom.lease?.renewable, false);
    const revoked = await Promise.all([fromOpenBao('PUT', 'sys/leases/revoke', { lease_id: ids.openbao }), fromStrongroom('PUT', 'sys/leases/revoke', { lease_id: ids.strongroom })]);
    assert.deepEqual(revoked.map((answer) => answer.status), [400, 400]);
    assert.match(revoked[1].errors[0] ?? '', /secret is unsupported by this backend.*revoke-force/);
    const kept = await Promise.all([fromOpenBao('PUT', 'sys/leases/lookup', { lease_id: ids.openbao }), fromStrongroom('PUT', 'sys/leases/lookup', { lease_id: ids.strongroom })]);
    assert.deepEqual(kept.map((answer) => answer.status), [200, 200]);
    await both('PUT', 'sys/leases/revoke-force/bare');
    await both('DELETE', 'sys/mounts/bare');
  });

  test('sys/capabilities-self: ["root"] per path, and under capabilities for one path', async () => {
    for (const body of [{ paths: ['secret/foo', 'sys/mounts'] }, { path: 'secret/foo' }, { paths: 'a,b' }]) {
      const { openbao, strongroom } = await both('POST', 'sys/capabilities-self', body);
      assert.deepEqual(strongroom.data, openbao.data, JSON.stringify(body));
    }
    await both('POST', 'sys/capabilities-self', {});
  });

  test('sys/key-status and sys/rotate (and rotate/keyring, what bao operator rotate sends): a new term each, read back', async () => {
    const before = await both('GET', 'sys/key-status');
    sameShape('key-status', before.openbao.data, before.strongroom.data, KEPT.keyStatus);
    assert.match(String(before.strongroom.data?.['install_time']), /^\d{4}-\d\d-\d\dT/);
    await both('POST', 'sys/rotate');
    await both('POST', 'sys/rotate/keyring');
    const after = await fromStrongroom('GET', 'sys/key-status');
    assert.equal(after.data?.['term'], Number(before.strongroom.data?.['term']) + 2);
  });
});
