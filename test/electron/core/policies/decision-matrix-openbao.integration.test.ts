/**
 * The OpenBao decision matrix: the same policies written over HTTP to a real OpenBao 2.7.2 dev
 * server and to Strongroom's Vault API, the same token policy sets created on both, and then
 * `sys/capabilities` asked of both for every generated path × token: the answers must be
 * identical, path by path. Also `sys/capabilities-self` for each token, and a refused request's
 * 403 body. Reports the matrix's size.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startOpenBao, type OpenBaoServer } from '../../../support/openbao';
import { apiRequest, startApiHarness, type ApiHarness } from '../../vault-api/api-harness';
import { tempDataDir } from '../core-helpers';
import { MATRIX_POLICIES, MATRIX_TOKENS, matrixPaths } from './decision-matrix';
import { OPENBAO_DEV_ROOT_TOKEN } from '../../../support/openbao';

interface Server {
  url: string;
  root: string;
}

// OpenBao refuses a JSON body with more than 1,000 strings (its max_json_strings).
const CHUNK = 500;

async function call(server: Server, method: string, path: string, body: unknown, token = server.root) {
  const reply = await apiRequest(server.url, method, path, { token, body });
  return reply;
}

async function createToken(server: Server, policies: readonly string[]): Promise<string> {
  const reply = await call(server, 'POST', 'auth/token/create', { policies: policies.length === 0 ? ['default'] : policies });
  assert.equal(reply.status, 200, reply.text);
  return String((reply.body?.['auth'] as Record<string, unknown>)['client_token']);
}

async function capabilities(server: Server, token: string, paths: readonly string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < paths.length; i += CHUNK) {
    const chunk = paths.slice(i, i + CHUNK);
    const reply = await call(server, 'POST', 'sys/capabilities', { token, paths: chunk });
    assert.equal(reply.status, 200, reply.text.slice(0, 500));
    const data = reply.body?.['data'] as Record<string, unknown>;
    for (const path of chunk) out[path] = data[path];
  }
  return out;
}

describe('the OpenBao decision matrix: sys/capabilities, path × token', () => {
  let harness: ApiHarness;
  let openbao: OpenBaoServer;
  let servers: { openbao: Server; strongroom: Server };

  before(async () => {
    [harness, openbao] = await Promise.all([startApiHarness(), startOpenBao(tempDataDir())]);
    await harness.init();
    servers = { openbao: { url: openbao.url, root: OPENBAO_DEV_ROOT_TOKEN }, strongroom: { url: harness.api.url, root: harness.token } };
    for (const server of Object.values(servers)) {
      for (const [name, text] of Object.entries(MATRIX_POLICIES)) {
        const reply = await call(server, 'PUT', `sys/policies/acl/${name}`, { policy: text });
        assert.equal(reply.status, 204, reply.text);
      }
    }
  });
  after(async () => {
    await Promise.all([harness?.close(), openbao?.stop()]);
  });

  it('answers every path × token identically', async () => {
    const paths = matrixPaths();
    let compared = 0;
    const differences: string[] = [];
    for (const policies of MATRIX_TOKENS) {
      const [theirs, ours] = await Promise.all(
        [servers.openbao, servers.strongroom].map(async (server) => capabilities(server, await createToken(server, policies), paths)),
      );
      for (const path of paths) {
        compared++;
        const expected = JSON.stringify((theirs as Record<string, unknown>)[path]);
        const actual = JSON.stringify((ours as Record<string, unknown>)[path]);
        if (expected !== actual) differences.push(`[${policies.join(',')}] ${path}: OpenBao ${expected}, Strongroom ${actual}`);
      }
    }
    console.log(`decision matrix: ${paths.length} paths × ${MATRIX_TOKENS.length} tokens = ${compared} decisions compared, ${differences.length} differ`);
    assert.deepEqual(differences.slice(0, 40), [], `${differences.length} of ${compared} decisions differ`);
    // The matrix means something: both allow and deny occur, and more than one capability set.
    assert.ok(compared > 10_000);
  });

  it('answers sys/capabilities-self identically, and refuses with the same 403 body', async () => {
    const sample = ['secret/team/x', 'apps/q/abc', 'kv/data/shared/config', 'cubbyhole/x', 'sys/mounts'];
    const answers = await Promise.all(
      [servers.openbao, servers.strongroom].map(async (server) => {
        const token = await createToken(server, ['globs', 'denies']);
        const self = await call(server, 'POST', 'sys/capabilities-self', { paths: sample }, token);
        const refused = await call(server, 'PUT', 'sys/policies/acl/globs', { policy: 'path "x" { capabilities = ["read"] }' }, token);
        const underNoMount = await call(server, 'GET', 'nomount/x', undefined, token);
        return { self: self.body?.['data'], refused: [refused.status, refused.body], underNoMount: [underNoMount.status, underNoMount.body] };
      }),
    );
    assert.deepEqual(answers[1], answers[0]);
    assert.deepEqual(answers[0]?.refused, [403, { errors: ['1 error occurred:\n\t* permission denied\n\n'] }]);
  });

  it('decides real requests alike: parameter constraints, create versus update, lists, the KV preflight', async () => {
    const policy = `
      path "kv1/open" { capabilities = ["create", "update", "read"] allowed_parameters = { "color" = ["red", "bl*"], "size" = [] } denied_parameters = { "size" = ["xl"] } }
      path "kv1/need" { capabilities = ["create", "update"] required_parameters = ["owner"] }
      path "kv1/anyname" { capabilities = ["create", "update"] allowed_parameters = { "*" = [] } denied_parameters = { "secret" = [] } }
      path "kv1/createonly" { capabilities = ["create"] }
      path "kv1/folder/*" { capabilities = ["list"] }
    `;
    const requests: Array<[string, string, unknown]> = [
      ['POST', 'kv1/open', { color: 'red' }],
      ['POST', 'kv1/open', { color: 'blue' }],
      ['POST', 'kv1/open', { color: 'green' }],
      ['POST', 'kv1/open', { color: 'red', size: 'm' }],
      ['POST', 'kv1/open', { color: 'red', size: 'xl' }],
      ['POST', 'kv1/open', { other: 'x' }],
      ['GET', 'kv1/open', undefined],
      ['DELETE', 'kv1/open', undefined],
      ['POST', 'kv1/need', { owner: 'me', x: '1' }],
      ['POST', 'kv1/need', { x: '1' }],
      ['POST', 'kv1/anyname', { a: '1' }],
      ['POST', 'kv1/anyname', { secret: 'x' }],
      ['POST', 'kv1/createonly', { a: '1' }],
      ['POST', 'kv1/createonly', { a: '2' }],
      ['LIST', 'kv1/folder', undefined],
      ['LIST', 'kv1', undefined],
    ];
    const outcomes = await Promise.all(
      [servers.openbao, servers.strongroom].map(async (server) => {
        if (server === servers.strongroom) {
          await call(server, 'POST', 'sys/plugins/catalog/secret/kv', { command: 'vault-plugin-secrets-kv' });
        }
        const mounted = await call(server, 'POST', 'sys/mounts/kv1', { type: 'kv', options: { version: '1' } });
        assert.equal(mounted.status, 204, mounted.text);
        assert.equal((await call(server, 'PUT', 'sys/policies/acl/params', { policy })).status, 204);
        const token = await createToken(server, ['params']);
        const seen: string[] = [];
        for (const [method, path, body] of requests) {
          const reply = await call(server, method, path, body, token);
          seen.push(`${method} ${path} ${JSON.stringify(body ?? null)} → ${reply.status} ${JSON.stringify(reply.body?.['errors'] ?? null)}`);
        }
        // The CLI's KV preflight and the mount list show a token only the mounts its policies reach.
        // `globs` reaches every mount through its "+/public" rule (OpenBao's bare-mount check); `denies` reaches none.
        const [plusRule, outsider] = await Promise.all([createToken(server, ['globs']), createToken(server, ['denies'])]);
        for (const [label, who] of [['params', token], ['globs', plusRule], ['denies', outsider]] as const) {
          const preflight = await call(server, 'GET', 'sys/internal/ui/mounts/kv1/open', undefined, who);
          const listed = (await call(server, 'GET', 'sys/internal/ui/mounts', undefined, who)).body?.['data'] as Record<string, Record<string, unknown>>;
          seen.push(`${label}: preflight ${preflight.status} ${JSON.stringify(preflight.body?.['errors'] ?? null)}, lists kv1/ ${'kv1/' in listed['secret']!}, token/ ${'token/' in listed['auth']!}`);
        }
        // Without a token nobody sees a mount.
        const nobodyList = await apiRequest(server.url, 'GET', 'sys/internal/ui/mounts');
        const nobodyRead = await apiRequest(server.url, 'GET', 'sys/internal/ui/mounts/kv1/open');
        seen.push(`nobody: lists ${JSON.stringify(Object.entries((nobodyList.body?.['data'] as Record<string, unknown> | undefined) ?? {}).sort())}, preflight ${nobodyRead.status} ${JSON.stringify(nobodyRead.body?.['errors'] ?? null)}`);
        return seen;
      }),
    );
    assert.deepEqual(outcomes[1], outcomes[0]);
    assert.ok(outcomes[0]?.some((line) => line.includes('→ 403')) && outcomes[0]?.some((line) => line.includes('→ 204')), 'both refusals and writes occur');
    assert.ok(outcomes[0]?.some((line) => line.startsWith('denies: preflight 403')), 'a token that reaches no mount is refused the preflight');
  });
});
