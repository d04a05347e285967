/**
 * Revoking a token revokes the leases it obtained, over the real Vault HTTP API, side by side with
 * an OpenBao 2.7.2 dev server: the built-in KV engine as v1 with `leased_passthrough` leases every
 * read, each made with its own token; then `revoke` (the tree's leases go too), `revoke-orphan`
 * (the children's stay), `revoke-accessor`, `revoke-self` and a token that expires must leave the
 * same leases alive on both (`sys/leases/lookup`: 200, or 400 `invalid lease`); a read on a token's
 * last use is refused (400) and leaves no lease.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OPENBAO_DEV_ROOT_TOKEN, startOpenBao, type OpenBaoServer } from '../../../support/openbao';
import { apiRequest, startApiHarness, type ApiHarness } from '../../vault-api/api-harness';

interface Side {
  name: string;
  url: string;
  root: string;
}

describe("a token's leases, revoked with it, compared with OpenBao over HTTP", () => {
  let server: OpenBaoServer;
  let harness: ApiHarness;
  let pluginDir: string;
  let sides: Side[];

  const call = async (side: Side, method: string, apiPath: string, body?: unknown, token = side.root) => {
    const reply = await apiRequest(side.url, method, apiPath, { token, ...(body === undefined ? {} : { body }) });
    return reply;
  };
  /** On each side: a token (its id); `parent` gives each side's parent token. */
  const tokenOn = async (side: Side, body: Record<string, unknown>, parent = side.root) => {
    const reply = await call(side, 'POST', 'auth/token/create', body, parent);
    assert.equal(reply.status, 200, `${side.name}: ${reply.text}`);
    return String((reply.body?.['auth'] as { client_token: string }).client_token);
  };
  const leaseWith = async (side: Side, token: string) => {
    const reply = await call(side, 'GET', 'leased/db', undefined, token);
    assert.equal(reply.status, 200, `${side.name}: ${reply.text}`);
    const leaseId = String(reply.body?.['lease_id']);
    assert.match(leaseId, /^leased\/db\/[A-Za-z0-9]{24}$/, `${side.name}: the read got a lease`);
    return leaseId;
  };
  const leaseStatus = async (side: Side, leaseId: string) => (await call(side, 'PUT', 'sys/leases/lookup', { lease_id: leaseId })).status;

  before(async () => {
    pluginDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-bao-token-leases-'));
    server = await startOpenBao(pluginDir);
    harness = await startApiHarness();
    await harness.init();
    sides = [
      { name: 'Strongroom', url: harness.api.url, root: harness.token },
      { name: 'OpenBao', url: server.url, root: OPENBAO_DEV_ROOT_TOKEN },
    ];
    for (const side of sides) {
      const mounted = await call(side, 'POST', 'sys/mounts/leased', { type: 'kv', options: { version: '1', leased_passthrough: 'true' } });
      assert.equal(mounted.status, 204, `${side.name}: ${mounted.text}`);
      assert.equal((await call(side, 'POST', 'leased/db', { ttl: '1h', password: 'pw' })).status, 204);
    }
  });
  after(async () => {
    await harness?.close();
    await server?.stop();
    fs.rmSync(pluginDir, { recursive: true, force: true });
  });

  /** Runs `scenario` on both sides; answers, per side, each named lease's lookup status. */
  async function onBoth(scenario: (side: Side) => Promise<Record<string, string>>): Promise<Array<Record<string, number>>> {
    return Promise.all(
      sides.map(async (side) => {
        const leases = await scenario(side);
        const statuses: Record<string, number> = {};
        for (const [name, leaseId] of Object.entries(leases)) statuses[name] = await leaseStatus(side, leaseId);
        return statuses;
      }),
    );
  }

  it('revoke takes the leases of the token and of its children; revoke-orphan only its own', async () => {
    const [ours, theirs] = await onBoth(async (side) => {
      const parent = await tokenOn(side, { ttl: '1h' });
      const child = await tokenOn(side, { ttl: '1h' }, parent);
      const other = await tokenOn(side, { ttl: '1h' });
      const leases = { parent: await leaseWith(side, parent), child: await leaseWith(side, child), other: await leaseWith(side, other), root: await leaseWith(side, side.root) };
      assert.equal((await call(side, 'POST', 'auth/token/revoke', { token: parent })).status, 204);

      const orphaning = await tokenOn(side, { ttl: '1h' });
      const orphaned = await tokenOn(side, { ttl: '1h' }, orphaning);
      const more = { orphaning: await leaseWith(side, orphaning), orphaned: await leaseWith(side, orphaned) };
      assert.equal((await call(side, 'POST', 'auth/token/revoke-orphan', { token: orphaning })).status, 204);

      const byAccessor = await tokenOn(side, { ttl: '1h' });
      const accessor = String(((await call(side, 'GET', 'auth/token/lookup-self', undefined, byAccessor)).body?.['data'] as { accessor: string }).accessor);
      const last = { byAccessor: await leaseWith(side, byAccessor) };
      assert.equal((await call(side, 'POST', 'auth/token/revoke-accessor', { accessor })).status, 204);

      const selfRevoking = await tokenOn(side, { ttl: '1h' });
      const self = { self: await leaseWith(side, selfRevoking) };
      assert.equal((await call(side, 'POST', 'auth/token/revoke-self', {}, selfRevoking)).status, 204);
      return { ...leases, ...more, ...last, ...self };
    });
    assert.deepEqual(ours, theirs, 'the same leases are left on both');
    assert.deepEqual(ours, { parent: 400, child: 400, other: 200, root: 200, orphaning: 400, orphaned: 200, byAccessor: 400, self: 400 });
  });

  /** Waits (up to 20 s) for each side's lease to be gone: both revoke in the background here. */
  async function goneOnBoth(leases: string[]): Promise<boolean[]> {
    const deadline = Date.now() + 20_000;
    return Promise.all(
      sides.map(async (side, i) => {
        while (Date.now() < deadline) {
          if ((await leaseStatus(side, leases[i] ?? '')) === 400) return true;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        return false;
      }),
    );
  }

  it("an expired token's leases are revoked too", async () => {
    const leases = await Promise.all(sides.map(async (side) => leaseWith(side, await tokenOn(side, { ttl: '2s' }))));
    for (const [i, side] of sides.entries()) assert.equal(await leaseStatus(side, leases[i] ?? ''), 200, `${side.name}: alive while its token is`);
    // Each side's own expiry timer revokes the token, then its lease (no timing is asserted).
    assert.deepEqual(await goneOnBoth(leases), [true, true], 'the lease went with its expired token on both');
  });

  it('a read on the last use of a token does not hand out the leased secret, and leaves no lease', async () => {
    const leaseCount = async (side: Side) => ((await call(side, 'LIST', 'sys/leases/lookup/leased/db/')).body?.['data'] as { keys?: string[] } | undefined)?.keys?.length ?? 0;
    const before = await Promise.all(sides.map(leaseCount));
    const reads = await Promise.all(sides.map(async (side) => call(side, 'GET', 'leased/db', undefined, await tokenOn(side, { ttl: '1h', num_uses: 1 }))));
    const [ours, theirs] = reads.map((reply) => ({ status: reply.status, error: String((reply.body?.['errors'] as string[] | undefined)?.[0]) }));
    assert.equal(theirs?.status, 400);
    assert.equal(ours?.status, 400, 'refused as OpenBao refuses it');
    assert.ok(ours?.error.startsWith(theirs?.error ?? '-'), `OpenBao's message, then what to do: ${ours?.error}`);
    assert.equal(reads[0]?.text.includes('"pw"'), false, 'the secret is not in the reply');
    // The lease it made goes with the token, in the background on both.
    const deadline = Date.now() + 20_000;
    let after = await Promise.all(sides.map(leaseCount));
    while (after.some((count, i) => count !== before[i]) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      after = await Promise.all(sides.map(leaseCount));
    }
    assert.deepEqual(after, before, 'no lease is left from the used-up read');
    assert.equal(before[0], before[1], 'and both hold the same leases');
  });

  it('auth/token/tidy answers 202 with a warning, as OpenBao does, and keeps every live token and lease', async () => {
    const token = await Promise.all(sides.map((side) => tokenOn(side, { ttl: '1h' })));
    const leases = await Promise.all(sides.map((side, i) => leaseWith(side, token[i] ?? '')));
    const replies = await Promise.all(sides.map((side) => call(side, 'POST', 'auth/token/tidy', {})));
    for (const [i, reply] of replies.entries()) {
      assert.equal(reply.status, 202, `${sides[i]?.name}: ${reply.text}`);
      assert.match(String((reply.body?.['warnings'] as string[] | undefined)?.[0]), /^Tidy operation successfully started\./);
    }
    const refused = await Promise.all(sides.map((side) => call(side, 'GET', 'auth/token/tidy')));
    assert.deepEqual(refused.map((reply) => reply.status), [405, 405], 'tidy is a write only');
    for (const [i, side] of sides.entries()) {
      assert.equal((await call(side, 'GET', 'auth/token/lookup-self', undefined, token[i])).status, 200, `${side.name}: the token is untouched`);
      assert.equal(await leaseStatus(side, leases[i] ?? ''), 200, `${side.name}: its lease too`);
    }
  });
});
