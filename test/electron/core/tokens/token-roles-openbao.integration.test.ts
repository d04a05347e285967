/**
 * Token roles (`auth/token/roles/<name>`, `auth/token/create/<role>`) through the router, side by
 * side with an OpenBao 2.7.2 dev server: the same writes read back identically (defaults, sanitised
 * lists, deprecated names, partial updates), tokens made against a role get the same policies,
 * orphan-ness, uses, TTLs, path and warnings, renewals follow the role's current limits, and what
 * OpenBao refuses is refused with the same status. The `Policy "x" does not exist` warnings are
 * left out of this comparison (test/electron/core/policies/enforcement.test.ts checks them).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OPENBAO_DEV_ROOT_TOKEN, startOpenBao, type OpenBaoServer } from '../../../support/openbao';
import { openTokenCore, shapeOf, type Method, type TokenCore, type VaultLikeReply } from './token-harness';

type Pair = [VaultLikeReply, VaultLikeReply];
type Body = Record<string, unknown> | undefined;

describe('token roles compared with OpenBao', () => {
  let server: OpenBaoServer;
  let core: TokenCore;
  let pluginDir: string;

  before(async () => {
    pluginDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-bao-roles-'));
    server = await startOpenBao(pluginDir);
    core = await openTokenCore();
  });
  after(async () => {
    await core?.close();
    await server?.stop();
    fs.rmSync(pluginDir, { recursive: true, force: true });
  });

  async function openBao(method: Method, apiPath: string, body?: Body, token = OPENBAO_DEV_ROOT_TOKEN): Promise<VaultLikeReply> {
    const response = await fetch(`${server.url}/v1/${apiPath}`, {
      method,
      headers: { 'X-Vault-Token': token, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : (JSON.parse(text) as Record<string, unknown>) };
  }

  /** The same request to both; `tokens` gives each side's token ([ours, theirs]), else root. */
  async function both(method: Method, apiPath: string, body?: Body, tokens?: [string, string]): Promise<Pair> {
    const [ours, theirs] = await Promise.all([core.request(method, apiPath, body, tokens?.[0] ?? core.rootToken), openBao(method, apiPath, body, tokens?.[1])]);
    assert.equal(ours.status, theirs.status, `${method} ${apiPath}: status (ours ${JSON.stringify(ours.body)}, OpenBao ${JSON.stringify(theirs.body)})`);
    return [ours, theirs];
  }

  const block = (reply: VaultLikeReply, name: 'data' | 'auth') => (reply.body?.[name] ?? null) as Record<string, unknown> | null;
  const warnings = (reply: VaultLikeReply) => ((reply.body?.['warnings'] as string[] | null) ?? []).filter((warning) => !/^Policy ".*" does not exist$/.test(warning));
  const errorOf = (reply: VaultLikeReply) => String((reply.body?.['errors'] as string[] | undefined)?.[0] ?? '');
  function sameValues(pair: Pair, name: 'data' | 'auth', keys: string[], label: string): void {
    for (const key of keys) assert.deepEqual(block(pair[0], name)?.[key], block(pair[1], name)?.[key], `${label}: ${name}.${key}`);
  }
  const tokensOf = (pair: Pair): [string, string] => pair.map((reply) => String(block(reply, 'auth')?.['client_token'])) as [string, string];

  async function sameRole(name: string, label: string): Promise<void> {
    const read = await both('GET', `auth/token/roles/${name}`);
    assert.deepEqual(block(read[0], 'data'), block(read[1], 'data'), `${label}: the role reads back as in OpenBao`);
  }

  it('writes, reads, updates, lists and deletes roles as OpenBao does', async () => {
    await both('POST', 'auth/token/roles/plain', {});
    await sameRole('plain', 'defaults');
    const full = {
      allowed_policies: 'a, B',
      disallowed_policies: 'c,C',
      orphan: true,
      renewable: false,
      token_period: '1h',
      token_explicit_max_ttl: '2h',
      path_suffix: 'rev-1',
      token_num_uses: 3,
      token_no_default_policy: true,
      allowed_entity_aliases: ['X', 'y'],
    };
    await both('POST', 'auth/token/roles/full', full);
    await sameRole('full', 'every field');
    await both('POST', 'auth/token/roles/full', { renewable: true, disallowed_policies: [] });
    await sameRole('full', 'a partial update keeps the fields not given');
    const deprecated = await both('POST', 'auth/token/roles/old', { period: '30m', explicit_max_ttl: '1h' });
    assert.deepEqual(warnings(deprecated[0]), warnings(deprecated[1]));
    await sameRole('old', 'the deprecated names');
    const mixed = await both('POST', 'auth/token/roles/old', { period: '10m', token_period: '20m', explicit_max_ttl: '1h', token_explicit_max_ttl: '2h' });
    assert.equal(warnings(mixed[0]).length, 2, 'both deprecated values are warned about');
    assert.deepEqual(warnings(mixed[0]), warnings(mixed[1]));
    await sameRole('old', 'token_ names win over the deprecated ones');
    const tooLong = await both('POST', 'auth/token/roles/old', { token_explicit_max_ttl: '800h' });
    assert.deepEqual(warnings(tooLong[0]), warnings(tooLong[1]), 'an explicit max TTL past the system max is warned about');

    const listed = await both('LIST', 'auth/token/roles');
    assert.deepEqual(block(listed[0], 'data'), block(listed[1], 'data'));
    await both('DELETE', 'auth/token/roles/old');
    await both('GET', 'auth/token/roles/old');
    await both('DELETE', 'auth/token/roles/never-was');
    const afterDelete = await both('LIST', 'auth/token/roles');
    assert.deepEqual(block(afterDelete[0], 'data'), { keys: ['full', 'plain'] });
  });

  it('refuses the role writes and creates OpenBao refuses, with the same status', async () => {
    const cases: Array<[Method, string, Body]> = [
      ['POST', 'auth/token/roles/bad', { path_suffix: 'v1' }],
      ['POST', 'auth/token/roles/bad', { path_suffix: 'a..b' }],
      ['POST', 'auth/token/roles/bad', { token_type: 'weird' }],
      ['POST', 'auth/token/roles/bad', { token_num_uses: -1 }],
      ['POST', 'auth/token/roles/bad', { token_period: 'soon' }],
      ['GET', 'auth/token/roles/bad', undefined],
      ['POST', 'auth/token/create/nope', {}],
      ['GET', 'auth/token/roles/a%20b', undefined],
    ];
    for (const [method, apiPath, body] of cases) {
      const [ours] = await both(method, apiPath, body);
      if (ours.status >= 400 && ours.status !== 404) assert.ok(errorOf(ours) !== '', `${method} ${apiPath}: an error message`);
    }
    const unknown = await both('POST', 'auth/token/create/nope', {});
    assert.match(errorOf(unknown[0]), /^unknown role nope/);
  });

  it('creates tokens against a role as OpenBao does', async () => {
    await both('POST', 'auth/token/roles/app', { allowed_policies: 'a,b', disallowed_policies: 'c', orphan: true, renewable: false, token_period: '1h', token_explicit_max_ttl: '2h', path_suffix: 'rev-1', token_num_uses: 3 });
    const created = await both('POST', 'auth/token/create/app', { ttl: '10m', no_parent: false });
    sameValues(created, 'auth', ['policies', 'token_policies', 'lease_duration', 'renewable', 'orphan', 'num_uses', 'token_type'], 'create/app');
    assert.deepEqual(warnings(created[0]), warnings(created[1]));
    const tokens = tokensOf(created);
    const looked = await Promise.all([core.request('POST', 'auth/token/lookup', { token: tokens[0] }, core.rootToken), openBao('POST', 'auth/token/lookup', { token: tokens[1] })]);
    assert.deepEqual(shapeOf(block(looked[0], 'data')), shapeOf(block(looked[1], 'data')), 'lookup: the same keys (role among them)');
    sameValues(looked as Pair, 'data', ['path', 'role', 'policies', 'explicit_max_ttl', 'num_uses', 'orphan', 'creation_ttl', 'renewable', 'period'], 'lookup of a role token');
    assert.equal(block(looked[0], 'data')?.['path'], 'auth/token/create/app/rev-1');

    const merged = await both('POST', 'auth/token/create/app', { policies: ['a'], period: '2h', explicit_max_ttl: '3h', num_uses: 5 });
    sameValues(merged, 'auth', ['policies', 'lease_duration', 'num_uses', 'orphan'], 'the lesser of role and request');
    assert.equal(warnings(merged[0]).length, 2, 'explicit max TTL and period were both given');
    assert.deepEqual(warnings(merged[0]), warnings(merged[1]));
    const notAllowed = await both('POST', 'auth/token/create/app', { policies: ['a', 'zz'] });
    assert.match(errorOf(notAllowed[1]), /^token policies \(\["a" "default" "zz"\]\) must be subset of the role's allowed policies \(\["a" "b" "default"\]\) or glob policies \(\[\]\)$/);
    assert.ok(errorOf(notAllowed[0]).startsWith(`${errorOf(notAllowed[1])}: `), 'the same message, then what to do');

    await both('POST', 'auth/token/roles/deny', { disallowed_policies: 'bad', period: '30m' });
    const denied = await both('POST', 'auth/token/create/deny', { policies: ['bad'] });
    assert.ok(errorOf(denied[0]).startsWith(`${errorOf(denied[1])}: `), `the same message, then what to do (${errorOf(denied[1])})`);
    const inherited = await both('POST', 'auth/token/create/deny', {});
    sameValues(inherited, 'auth', ['policies', 'lease_duration', 'renewable', 'orphan'], 'no allowed list: the parent\'s policies');

    await both('POST', 'auth/token/roles/glob', { token_type: 'service', allowed_policies_glob: 'app-*', disallowed_policies_glob: 'app-x*' });
    await sameRole('glob', 'globs');
    for (const policies of [['app-1'], ['app-xy'], [], ['other']]) {
      const pair = await both('POST', 'auth/token/create/glob', { policies });
      sameValues(pair, 'auth', ['policies'], `glob role with ${JSON.stringify(policies)}`);
    }

    // A token made against a non-orphan role is the caller's child: revoked with it. (The parent
    // holds root: what other policies may do is access control, not the role.)
    await both('POST', 'auth/token/roles/kids', { allowed_policies: 'k' });
    const parent = tokensOf(await both('POST', 'auth/token/create', { ttl: '1h' }));
    const kid = await both('POST', 'auth/token/create/kids', {}, parent);
    sameValues(kid, 'auth', ['policies', 'orphan'], "a role's lists, not the parent's policies");
    await Promise.all([core.request('POST', 'auth/token/revoke', { token: parent[0] }, core.rootToken), openBao('POST', 'auth/token/revoke', { token: parent[1] })]);
    const kidTokens = tokensOf(kid);
    const gone = await Promise.all([core.request('POST', 'auth/token/lookup', { token: kidTokens[0] }, core.rootToken), openBao('POST', 'auth/token/lookup', { token: kidTokens[1] })]);
    for (const reply of gone) assert.equal(reply.status, 403, 'revoked with its parent');
  });

  it("renews a role's tokens with the role's current limits, and not at all once the role is gone", async () => {
    await both('POST', 'auth/token/roles/capped', { token_explicit_max_ttl: '1h' });
    const tokens = tokensOf(await both('POST', 'auth/token/create/capped', { ttl: '10m' }));
    const renewBoth = async (increment: string) =>
      Promise.all([core.request('POST', 'auth/token/renew', { token: tokens[0], increment }, core.rootToken), openBao('POST', 'auth/token/renew', { token: tokens[1], increment })]);
    const first = await renewBoth('2h');
    for (const reply of first) {
      assert.equal(reply.status, 200);
      assert.match(warnings(reply)[0] ?? '', /^TTL of "2h" exceeded the effective max_ttl of "(1h|59m5\ds)"; TTL value is capped accordingly$/);
    }
    await both('POST', 'auth/token/roles/capped', { token_explicit_max_ttl: '30m' });
    const second = await renewBoth('2h');
    for (const reply of second) {
      assert.equal(reply.status, 200);
      assert.ok(Number(block(reply, 'auth')?.['lease_duration']) <= 1800, "the role's new, lower limit applies");
      assert.match(warnings(reply)[0] ?? '', /effective max_ttl of "(30m|29m5\ds)"/);
    }
    await both('DELETE', 'auth/token/roles/capped');
    const [ours, theirs] = await renewBoth('1m');
    assert.equal(theirs.status, 500, 'OpenBao answers a server error');
    assert.equal(ours.status, 400, 'a user error is never a 5xx here (README)');
    for (const reply of [ours, theirs]) assert.match(errorOf(reply), /original token role "capped" could not be found, not renewing/);
  });

  it('revoke-prefix under auth/token/ revokes the tokens created there (bao token revoke -mode=path)', async () => {
    await both('POST', 'auth/token/roles/revision', { path_suffix: 'v1-0' });
    await both('POST', 'auth/token/roles/revision-2', {});
    const made = {
      revision: tokensOf(await both('POST', 'auth/token/create/revision', { ttl: '1h' })),
      revision2: tokensOf(await both('POST', 'auth/token/create/revision-2', { ttl: '1h' })),
      plain: tokensOf(await both('POST', 'auth/token/create', { ttl: '1h' })),
      orphan: tokensOf(await both('POST', 'auth/token/create-orphan', { ttl: '1h' })),
    };
    const alive = async () => {
      const statuses: Record<string, [number, number]> = {};
      for (const [name, [ours, theirs]] of Object.entries(made)) {
        const replies = await Promise.all([core.request('POST', 'auth/token/lookup', { token: ours }, core.rootToken), openBao('POST', 'auth/token/lookup', { token: theirs })]);
        statuses[name] = [replies[0].status, replies[1].status];
      }
      return statuses;
    };
    await both('PUT', 'sys/leases/revoke-prefix/auth/token/create/revision', {});
    assert.deepEqual(await alive(), { revision: [403, 403], revision2: [200, 200], plain: [200, 200], orphan: [200, 200] }, 'a whole segment: revision-2 stays');
    await both('PUT', 'sys/leases/revoke-prefix/auth/token/create-orphan', {});
    assert.deepEqual(await alive(), { revision: [403, 403], revision2: [200, 200], plain: [200, 200], orphan: [403, 403] });
    await both('PUT', 'sys/leases/revoke-force/auth/token/create/revision-2', {});
    assert.equal((await alive())['revision2']?.join(), '403,403', 'revoke-force too');
  });
});
