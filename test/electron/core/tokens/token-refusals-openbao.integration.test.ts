/**
 * Tokens that may no longer be used, over the real Vault HTTP API, side by side with an OpenBao
 * 2.7.2 dev server: a token's `num_uses` are spent one per request (lookup-self shows what is left)
 * and it is refused once they are gone; a restricted-use token may not make children; a revoked
 * parent's children are refused; an expired token is refused. Each refusal must be the same status
 * and body as OpenBao's (403 `permission denied`, nothing else).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OPENBAO_DEV_ROOT_TOKEN, startOpenBao, type OpenBaoServer } from '../../../support/openbao';
import { apiRequest, startApiHarness, type ApiHarness } from '../../vault-api/api-harness';

interface Reply {
  status: number;
  body: Record<string, unknown> | undefined;
}

interface Side {
  name: string;
  url: string;
  root: string;
}

type Pair = [Reply, Reply];

describe('spent, orphaned by revocation and expired tokens, compared with OpenBao over HTTP', () => {
  let server: OpenBaoServer;
  let harness: ApiHarness;
  let pluginDir: string;
  let sides: [Side, Side];

  before(async () => {
    pluginDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-bao-refusals-'));
    server = await startOpenBao(pluginDir);
    harness = await startApiHarness();
    await harness.init();
    sides = [
      { name: 'Strongroom', url: harness.api.url, root: harness.token },
      { name: 'OpenBao', url: server.url, root: OPENBAO_DEV_ROOT_TOKEN },
    ];
  });
  after(async () => {
    await harness?.close();
    await server?.stop();
    fs.rmSync(pluginDir, { recursive: true, force: true });
  });

  /** The same request to both, each with its own token (`token(side)`, the root token by default). */
  async function both(method: string, apiPath: string, body?: (side: Side) => unknown, token?: (side: Side) => string): Promise<Pair> {
    const replies: Reply[] = await Promise.all(
      sides.map((side) => apiRequest(side.url, method, apiPath, { token: token?.(side) ?? side.root, ...(body === undefined ? {} : { body: body(side) }) })),
    );
    const [ours, theirs] = replies as Pair;
    assert.equal(ours.status, theirs.status, `${method} ${apiPath}: status (ours ${JSON.stringify(ours.body)}, OpenBao ${JSON.stringify(theirs.body)})`);
    return [ours, theirs];
  }

  /** Creates a token on both sides; answers each side's id. */
  async function create(body: Record<string, unknown>, parent?: (side: Side) => string): Promise<(side: Side) => string> {
    const pair = await both('POST', 'auth/token/create', () => body, parent);
    assert.equal(pair[0].status, 200, JSON.stringify(pair[0].body));
    const ids = pair.map((reply) => String((reply.body?.['auth'] as { client_token: string }).client_token));
    return (side) => ids[sides.indexOf(side)] ?? '';
  }

  function sameRefusal([ours, theirs]: Pair, label: string): void {
    assert.equal(theirs.status, 403, `${label}: OpenBao refuses it`);
    assert.deepEqual(ours.body, theirs.body, `${label}: the same body as OpenBao`);
  }

  const data = (reply: Reply) => (reply.body?.['data'] ?? {}) as Record<string, unknown>;

  it('spends num_uses one per request and refuses the token once they are gone', async () => {
    // No policies: it inherits root's, so the create below reaches the handler's num_uses rule
    // on OpenBao too (the default policy would be refused before it, by ACL).
    const limited = await create({ num_uses: 3 });
    const first = await both('GET', 'auth/token/lookup-self', undefined, limited);
    assert.deepEqual(data(first[0])['num_uses'], data(first[1])['num_uses'], 'uses left after the first request');
    assert.equal(data(first[0])['num_uses'], 2);
    const child = await both('POST', 'auth/token/create', () => ({}), limited);
    assert.equal(child[0].status, 400, 'a restricted-use token may not create children');
    for (const reply of child) assert.match(String((reply.body?.['errors'] as string[])[0]), /^restricted use token cannot generate child tokens/);
    const last = await both('GET', 'auth/token/lookup-self', undefined, limited);
    assert.equal(last[0].status, 200, 'the third use is still served');
    assert.deepEqual(data(last[0])['num_uses'], data(last[1])['num_uses'], 'uses left on the last request');
    sameRefusal(await both('GET', 'auth/token/lookup-self', undefined, limited), 'a token with no uses left');
    sameRefusal(await both('GET', 'sys/mounts', undefined, limited), 'on any path');
    const byRoot = await both('POST', 'auth/token/lookup', (side) => ({ token: limited(side) }));
    assert.equal(byRoot[0].status, 403, 'and it is gone: looking it up finds nothing');
  });

  it("refuses a revoked parent's children, and tokens revoked by accessor", async () => {
    const parent = await create({ ttl: '1h' });
    const child = await create({ ttl: '30m' }, parent);
    const grandchild = await create({ ttl: '10m' }, child);
    await both('POST', 'auth/token/revoke', (side) => ({ token: parent(side) }));
    sameRefusal(await both('GET', 'auth/token/lookup-self', undefined, child), "a revoked parent's child");
    sameRefusal(await both('GET', 'auth/token/lookup-self', undefined, grandchild), "a revoked parent's grandchild");
    sameRefusal(await both('GET', 'sys/mounts', undefined, child), 'on any path');
    sameRefusal(await both('POST', 'auth/token/revoke-self', () => ({}), parent), 'the revoked parent itself');
  });

  it('refuses an expired token', async () => {
    const brief = await create({ ttl: '1s', policies: ['default'] });
    const alive = await both('GET', 'auth/token/lookup-self', undefined, brief);
    assert.equal(alive[0].status, 200);
    // Let the one-second TTL pass on both (a refusal is compared, not how long it took).
    await new Promise((resolve) => setTimeout(resolve, 2500));
    sameRefusal(await both('GET', 'auth/token/lookup-self', undefined, brief), 'an expired token');
    sameRefusal(await both('POST', 'auth/token/renew-self', () => ({}), brief), 'renewing an expired token');
    // Looked up by another token: the same status; our message adds what it means (README's table).
    const lookedUp = await both('POST', 'auth/token/lookup', (side) => ({ token: brief(side) }));
    assert.equal(lookedUp[0].status, 403);
    for (const reply of lookedUp) assert.match(String((reply.body?.['errors'] as string[])[0]), /^bad token/);
  });
});
