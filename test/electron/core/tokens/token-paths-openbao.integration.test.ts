/**
 * The `auth/token/` paths through the router, side by side with an OpenBao 2.7.2 dev server: the
 * same requests in the same order, the same status, the same keys with the same value types in
 * `data` and `auth` (ids and times differ by nature), and the same values where they are not ids
 * or times (policies, TTLs, display names, orphan, renewable, num_uses, warnings, errors' status).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startOpenBao, type OpenBaoServer } from '../../../support/openbao';
import { openTokenCore, shapeOf, type Method, type TokenCore, type VaultLikeReply } from './token-harness';

const BAO_ROOT = 'strongroom-test-root';

interface Side {
  name: string;
  root: string;
  send(method: Method, apiPath: string, body?: Record<string, unknown>, token?: string): Promise<VaultLikeReply>;
}

function openBaoSide(server: OpenBaoServer): Side {
  return {
    name: 'OpenBao',
    root: BAO_ROOT,
    async send(method, apiPath, body, token) {
      const response = await fetch(`${server.url}/v1/${apiPath}`, {
        method,
        headers: { 'X-Vault-Token': token ?? BAO_ROOT, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? null : (JSON.parse(text) as Record<string, unknown>) };
    },
  };
}

function strongroomSide(core: TokenCore): Side {
  return { name: 'Strongroom', root: core.rootToken, send: (method, apiPath, body, token) => core.request(method, apiPath, body, token ?? core.rootToken) };
}

type Pair = [VaultLikeReply, VaultLikeReply];

describe('auth/token/ compared with OpenBao', () => {
  let server: OpenBaoServer;
  let core: TokenCore;
  let pluginDir: string;
  let sides: [Side, Side];

  before(async () => {
    pluginDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-bao-tokens-'));
    server = await startOpenBao(pluginDir);
    core = await openTokenCore();
    sides = [strongroomSide(core), openBaoSide(server)];
  });
  after(async () => {
    await core?.close();
    await server?.stop();
    fs.rmSync(pluginDir, { recursive: true, force: true });
  });

  /** Sends the same request to both; `token(side)` picks each side's own token for it. */
  async function both(method: Method, apiPath: string, body?: (side: Side) => Record<string, unknown> | undefined, token?: (side: Side) => string): Promise<Pair> {
    const replies = await Promise.all(sides.map((side) => side.send(method, apiPath, body?.(side), token?.(side))));
    const [ours, theirs] = replies as Pair;
    assert.equal(ours.status, theirs.status, `${method} ${apiPath}: status (ours ${JSON.stringify(ours.body)}, OpenBao ${JSON.stringify(theirs.body)})`);
    return [ours, theirs];
  }

  /** The client token each side issued in `pair`. */
  const issuedBy = (pair: Pair) => (side: Side) => (pair[sides.indexOf(side) as 0 | 1].body?.['auth'] as { client_token: string }).client_token;
  const field = (reply: VaultLikeReply, name: 'data' | 'auth') => (reply.body?.[name] ?? null) as Record<string, unknown> | null;
  function sameShape([ours, theirs]: Pair, name: 'data' | 'auth', label: string): void {
    assert.notEqual(field(theirs, name), null, `${label}: OpenBao answered a ${name} block`);
    assert.deepEqual(shapeOf(field(ours, name)), shapeOf(field(theirs, name)), `${label}: keys and value types of ${name}`);
  }
  function sameValues([ours, theirs]: Pair, name: 'data' | 'auth', keys: string[], label: string): void {
    for (const key of keys) assert.deepEqual(field(ours, name)?.[key], field(theirs, name)?.[key], `${label}: ${name}.${key}`);
  }

  it('issues, looks up, renews and revokes tokens as OpenBao does', async () => {
    const rootLookup = await both('GET', 'auth/token/lookup-self');
    // The dev server's root token was made by auth/token/create, which gives it a lease entry, so
    // OpenBao sends `issue_time` and `renewable`; a root token from `operator init` (Strongroom's)
    // has no lease and OpenBao leaves both out (test/clients' `token lookup (self, root)`).
    const [ours, theirs] = rootLookup;
    const { issue_time: issueTime, renewable, ...devRoot } = field(theirs, 'data') ?? {};
    assert.equal(typeof issueTime, 'string');
    assert.equal(renewable, false);
    assert.equal(field(ours, 'data')?.['issue_time'], undefined, 'a root token that never expires has no issue_time');
    assert.equal(field(ours, 'data')?.['renewable'], undefined, 'nor renewable');
    sameShape([ours, { ...theirs, body: { ...theirs.body, data: devRoot } }], 'data', 'root lookup-self');
    sameValues(rootLookup, 'data', ['policies', 'expire_time', 'ttl', 'creation_ttl', 'orphan', 'num_uses', 'meta', 'type'], 'root lookup-self');

    const created = await both('POST', 'auth/token/create', () => ({ ttl: '1h', explicit_max_ttl: '2h', display_name: 'My App', meta: { a: 'b' }, num_uses: 3, policies: ['foo', 'default'] }));
    sameShape(created, 'auth', 'create');
    sameValues(created, 'auth', ['policies', 'token_policies', 'metadata', 'lease_duration', 'renewable', 'orphan', 'num_uses', 'token_type', 'entity_id', 'mfa_requirement'], 'create');
    for (const reply of created) assert.equal(reply.body?.['data'], null);
    const child = new Map(sides.map((side, i) => [side.name, (created[i as 0 | 1].body?.['auth'] as { client_token: string; accessor: string })]));
    const childToken = (side: Side) => child.get(side.name)?.client_token ?? '';
    const childAccessor = (side: Side) => child.get(side.name)?.accessor ?? '';
    assert.match(childToken(sides[0]), /^s\.[A-Za-z0-9]{24}$/, 'the same token format as OpenBao');
    assert.match(childToken(sides[1]), /^s\.[A-Za-z0-9]{24}$/);

    const childSelf = await both('GET', 'auth/token/lookup-self', undefined, childToken);
    sameShape(childSelf, 'data', 'child lookup-self');
    sameValues(childSelf, 'data', ['display_name', 'policies', 'num_uses', 'creation_ttl', 'explicit_max_ttl', 'orphan', 'path', 'meta', 'renewable', 'type', 'entity_id'], 'child lookup-self');
    assert.equal(field(childSelf[0], 'data')?.['id'], childToken(sides[0]), 'lookup-self shows the caller its own id');

    const lookedUp = await both('POST', 'auth/token/lookup', (side) => ({ token: childToken(side) }));
    sameShape(lookedUp, 'data', 'lookup');
    const byAccessor = await both('POST', 'auth/token/lookup-accessor', (side) => ({ accessor: childAccessor(side) }));
    sameShape(byAccessor, 'data', 'lookup-accessor');
    sameValues(byAccessor, 'data', ['id', 'display_name', 'num_uses'], 'lookup-accessor');

    const renewed = await both('POST', 'auth/token/renew', (side) => ({ token: childToken(side), increment: '30m' }));
    sameShape(renewed, 'auth', 'renew');
    sameValues(renewed, 'auth', ['lease_duration', 'renewable', 'policies', 'num_uses', 'metadata'], 'renew');
    assert.equal(field(renewed[0], 'auth')?.['client_token'], childToken(sides[0]));

    const byAccessorRenewed = await both('POST', 'auth/token/renew-accessor', (side) => ({ accessor: childAccessor(side), increment: '20m' }));
    sameShape(byAccessorRenewed, 'auth', 'renew-accessor');
    sameValues(byAccessorRenewed, 'auth', ['client_token', 'lease_duration'], 'renew-accessor shows no id');

    const renewedSelf = await both('POST', 'auth/token/renew-self', () => ({ increment: '3h' }), childToken);
    sameShape(renewedSelf, 'auth', 'renew-self');
    assert.equal(field(renewedSelf[0], 'auth')?.['client_token'], childToken(sides[0]), 'renew-self answers the caller its own token');
    for (const reply of renewedSelf) {
      const warnings = reply.body?.['warnings'] as string[];
      assert.equal(warnings.length, 1);
      assert.match(warnings[0] ?? '', /^TTL of "3h" exceeded the effective max_ttl of "(2h|1h59m5\ds)"; TTL value is capped accordingly$/);
      assert.ok(Number(field(reply, 'auth')?.['lease_duration']) > 7190);
    }

    const listed = await both('LIST', 'auth/token/accessors');
    sameShape(listed, 'data', 'accessors');
    for (const [i, side] of sides.entries()) assert.ok((field(listed[i as 0 | 1], 'data')?.['keys'] as string[]).includes(childAccessor(side)), `${side.name} lists the child's accessor`);

    const orphan = await both('POST', 'auth/token/create-orphan', () => ({ period: '10m' }));
    sameValues(orphan, 'auth', ['orphan', 'lease_duration', 'renewable', 'policies'], 'create-orphan');
    const orphanLookup = await both('POST', 'auth/token/lookup', (side) => ({ token: issuedBy(orphan)(side) }));
    sameShape(orphanLookup, 'data', 'periodic lookup');
    sameValues(orphanLookup, 'data', ['period', 'orphan', 'path'], 'periodic lookup');
    const fixed = await both('POST', 'auth/token/create', () => ({ no_parent: true, renewable: false, ttl: 60 }));
    sameValues(fixed, 'auth', ['orphan', 'renewable', 'lease_duration'], 'no_parent, not renewable');
    const ignored = await both('POST', 'auth/token/create', () => ({ bogus: 1 }));
    assert.deepEqual(ignored[0].body?.['warnings'], ignored[1].body?.['warnings'], 'unknown fields are warned about alike');
    // What `bao token create` sends (TokenCreateRequest: display_name, num_uses, type and entity_alias always).
    const fromCli = await both('POST', 'auth/token/create', () => ({ display_name: '', num_uses: 0, type: '', entity_alias: '', lease: '1h' }));
    assert.deepEqual(fromCli[0].body?.['warnings'], fromCli[1].body?.['warnings'], 'no warning for what the CLI always sends');
    sameValues(fromCli, 'auth', ['lease_duration', 'renewable'], 'lease, the older name of ttl');
    const chosen = await both('POST', 'auth/token/create', () => ({ id: 'my-chosen-token', ttl: '1h' }));
    sameValues(chosen, 'auth', ['client_token', 'lease_duration'], 'a chosen id');
    const chosenLookup = await both('POST', 'auth/token/lookup', () => ({ token: 'my-chosen-token' }));
    sameValues(chosenLookup, 'data', ['id', 'creation_ttl'], 'a chosen id looks up');

    // Tree revocation and orphaning.
    const tree = async (orphaning: boolean) => {
      const parent = await both('POST', 'auth/token/create', () => ({ ttl: '1h' }));
      const parentToken = issuedBy(parent);
      const kid = await both('POST', 'auth/token/create', () => ({ ttl: '30m' }), parentToken);
      const kidToken = issuedBy(kid);
      await both('POST', orphaning ? 'auth/token/revoke-orphan' : 'auth/token/revoke', (side) => ({ token: parentToken(side) }));
      await both('POST', 'auth/token/lookup', (side) => ({ token: parentToken(side) }));
      return both('POST', 'auth/token/lookup', (side) => ({ token: kidToken(side) }));
    };
    const revokedKid = await tree(false);
    assert.equal(revokedKid[0].status, 403, "revoking a parent revokes its child");
    const orphanedKid = await tree(true);
    sameValues(orphanedKid, 'data', ['orphan'], 'revoke-orphan leaves the child as an orphan');
    assert.equal(field(orphanedKid[0], 'data')?.['orphan'], true);

    await both('POST', 'auth/token/revoke-self', () => ({}), childToken);
    await both('GET', 'auth/token/lookup-self', undefined, childToken);
  });

  it('refuses what OpenBao refuses, with the same status', async () => {
    const cases: Array<[Method, string, Record<string, unknown> | undefined]> = [
      ['POST', 'auth/token/lookup', { token: 's.nope' }],
      ['POST', 'auth/token/lookup-accessor', { accessor: 'nope' }],
      ['POST', 'auth/token/revoke', { token: 's.nope' }],
      ['POST', 'auth/token/revoke', {}],
      ['POST', 'auth/token/renew', {}],
      ['POST', 'auth/token/renew', { token: 's.nope' }],
      ['POST', 'auth/token/renew-self', {}],
      ['POST', 'auth/token/renew-accessor', { accessor: 'nope' }],
      ['POST', 'auth/token/renew-accessor', {}],
      ['POST', 'auth/token/revoke-orphan', { token: 's.nope' }],
      ['POST', 'auth/token/create', { ttl: 'abc' }],
      ['POST', 'auth/token/create', { num_uses: -1 }],
      ['POST', 'auth/token/create', { entity_alias: 'someone' }],
      ['POST', 'auth/token/create', { id: 's.chosen' }],
      ['POST', 'auth/token/create', { id: 'hvs.chosen' }],
      ['POST', 'auth/token/create', { id: 'with.dot' }],
      ['POST', 'auth/token/create', { id: 'twice' }],
      ['POST', 'auth/token/create', { id: 'twice' }],
      ['GET', 'auth/token/create', undefined],
      ['GET', 'auth/token/accessors', undefined],
      ['DELETE', 'auth/token/revoke-self', undefined],
      ['GET', 'auth/token/nope', undefined],
    ];
    for (const [method, apiPath, body] of cases) {
      const [ours, theirs] = await both(method, apiPath, () => body);
      if (theirs.status >= 400) assert.ok(Array.isArray(ours.body?.['errors']), `${method} ${apiPath}: an error`);
    }
    const warned = await both('POST', 'auth/token/revoke-accessor', () => ({ accessor: 'nope' }));
    assert.deepEqual(warned[0].body?.['warnings'], warned[1].body?.['warnings']);
    const wrong = await both('GET', 'auth/token/lookup-self', undefined, () => 's.wrong');
    assert.deepEqual(wrong[0].body, wrong[1].body, 'a wrong token: permission denied, nothing else');
  });
});
