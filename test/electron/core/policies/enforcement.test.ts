/**
 * Policies enforced on requests with a token, through the real router and token store: allowed
 * and refused operations, OpenBao's 403 text with nothing about what exists, root paths needing
 * sudo, the capabilities paths, token creation (subset of the parent's policies, sudo-only options,
 * warnings for policies that do not exist), the `default` policy, and the owner (no token) unchanged.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PERMISSION_DENIED_TEXT } from '../../../../electron/core/policies/access-check';
import { openTokenCore, type Method, type TokenCore } from '../tokens/token-harness';

const READER = `
path "sys/policies/acl" { capabilities = ["list"] }
path "sys/policies/acl/*" { capabilities = ["read"] }
path "sys/audit" { capabilities = ["read"] }
path "auth/token/create" { capabilities = ["update"] }
path "auth/token/revoke-orphan" { capabilities = ["update"] }
`;
const AUDITOR = 'path "sys/audit" { capabilities = ["read", "sudo"] }\npath "auth/token/create" { capabilities = ["update", "sudo"] }\n';

describe('policy enforcement', () => {
  let core: TokenCore;
  let reader: string;
  let auditor: string;

  const as = (token: string | undefined) => (method: Method, path: string, body?: Record<string, unknown>) => core.request(method, path, body, token);
  const errorOf = (reply: { body: Record<string, unknown> | null }) => String((reply.body?.['errors'] as string[] | undefined)?.[0]);
  const create = async (policies: string[], extra: Record<string, unknown> = {}, token = core.rootToken) => {
    const reply = await core.request('POST', 'auth/token/create', { policies, ...extra }, token);
    return { reply, token: String((reply.body?.['auth'] as Record<string, unknown> | null)?.['client_token'] ?? '') };
  };

  before(async () => {
    core = await openTokenCore();
    const root = as(core.rootToken);
    assert.equal((await root('PUT', 'sys/policies/acl/reader', { policy: READER })).status, 204);
    assert.equal((await root('PUT', 'sys/policies/acl/auditor', { policy: AUDITOR })).status, 204);
    reader = (await create(['reader'])).token;
    auditor = (await create(['auditor'])).token;
  });
  after(async () => core.close());

  it('allows what the policies grant and refuses the rest with OpenBao\'s 403', async () => {
    const request = as(reader);
    assert.equal((await request('GET', 'sys/policies/acl/default')).status, 200);
    assert.equal((await request('LIST', 'sys/policies/acl')).status, 200);
    for (const [method, path] of [['PUT', 'sys/policies/acl/reader'], ['DELETE', 'sys/policies/acl/reader'], ['GET', 'sys/mounts'], ['LIST', 'auth/token/accessors']] as const) {
      const reply = await request(method, path, method === 'PUT' ? { policy: READER } : undefined);
      assert.equal(reply.status, 403, `${method} ${path}`);
      assert.deepEqual(reply.body?.['errors'], [PERMISSION_DENIED_TEXT]);
    }
    // The policy is unchanged: the refused write did nothing.
    const stored = await as(core.rootToken)('GET', 'sys/policies/acl/reader');
    assert.equal((stored.body?.['data'] as Record<string, unknown>)['version'], 1);
  });

  it("bounds the wrap TTL by a rule's min_wrapping_ttl and max_wrapping_ttl, and requires wrapping where they are set", async () => {
    const bounded = 'path "sys/policies/acl/default" {\n  capabilities = ["read"]\n  min_wrapping_ttl = "10s"\n  max_wrapping_ttl = "1m"\n}\n';
    assert.equal((await as(core.rootToken)('PUT', 'sys/policies/acl/wrap-bounded', { policy: bounded })).status, 204);
    const { token } = await create(['wrap-bounded']);
    const read = (wrapTtl?: number) => core.request('GET', 'sys/policies/acl/default', undefined, token, wrapTtl);
    for (const wrapTtl of [undefined, 5, 300]) {
      const refused = await read(wrapTtl);
      assert.equal(refused.status, 403, `wrap TTL ${wrapTtl ?? 'none'}`);
      assert.deepEqual(refused.body?.['errors'], [PERMISSION_DENIED_TEXT]);
    }
    const wrapped = await read(30);
    assert.equal(wrapped.status, 200);
    assert.equal((wrapped.body?.['wrap_info'] as Record<string, unknown> | undefined)?.['ttl'], 30);
  });

  it('renew and revoke of another token need update on their path, not sudo (only revoke-orphan does)', async () => {
    const manager = 'path "auth/token/create" { capabilities = ["update"] }\npath "auth/token/renew" { capabilities = ["update"] }\npath "auth/token/revoke" { capabilities = ["update"] }\npath "auth/token/revoke-orphan" { capabilities = ["update"] }\n';
    assert.equal((await as(core.rootToken)('PUT', 'sys/policies/acl/token-manager', { policy: manager })).status, 204);
    const { token: managing } = await create(['token-manager']);
    const { token: child } = await create(['token-manager'], { ttl: '1h' }, managing);
    const renewed = await as(managing)('POST', 'auth/token/renew', { token: child, increment: '30m' });
    assert.equal(renewed.status, 200, errorOf(renewed));
    const orphaning = await as(managing)('POST', 'auth/token/revoke-orphan', { token: child });
    assert.equal(orphaning.status, 400, 'revoke-orphan still needs sudo');
    assert.match(errorOf(orphaning), /root or sudo privileges required/);
    assert.equal((await as(managing)('POST', 'auth/token/revoke', { token: child })).status, 204);
    assert.equal((await as(child)('GET', 'auth/token/lookup-self')).status, 403, 'the child is revoked');
  });

  it('says nothing about what exists: a path under no mount is 403 for a limited token, 404 for root', async () => {
    const limited = await as(reader)('GET', 'nomount/x');
    assert.equal(limited.status, 403);
    assert.deepEqual(limited.body?.['errors'], [PERMISSION_DENIED_TEXT]);
    assert.equal((await as(core.rootToken)('GET', 'nomount/x')).status, 404);
  });

  it('root paths need sudo as well', async () => {
    assert.equal((await as(reader)('GET', 'sys/audit')).status, 403, 'read without sudo');
    assert.equal((await as(auditor)('GET', 'sys/audit')).status, 200, 'read with sudo');
  });

  it('answers sys/capabilities-self, sys/capabilities and sys/capabilities-accessor from the policies', async () => {
    const self = await as(reader)('POST', 'sys/capabilities-self', { paths: ['sys/policies/acl/x', 'sys/policies/acl', 'secret/x'] });
    assert.equal(self.status, 200, JSON.stringify(self.body));
    assert.deepEqual(self.body?.['data'], { 'sys/policies/acl/x': ['read'], 'sys/policies/acl': ['list'], 'secret/x': ['deny'] });
    const other = await as(core.rootToken)('POST', 'sys/capabilities', { token: auditor, path: 'sys/audit' });
    assert.deepEqual(other.body?.['data'], { 'sys/audit': ['read', 'sudo'], capabilities: ['read', 'sudo'] });
    const lookup = await as(core.rootToken)('POST', 'auth/token/lookup', { token: reader });
    const accessor = String((lookup.body?.['data'] as Record<string, unknown>)['accessor']);
    const byAccessor = await as(core.rootToken)('POST', 'sys/capabilities-accessor', { accessor, paths: ['auth/token/create'] });
    assert.deepEqual(byAccessor.body?.['data'], { 'auth/token/create': ['update'], capabilities: ['update'] });
    assert.deepEqual((await as(core.rootToken)('POST', 'sys/capabilities-self', { paths: ['x'] })).body?.['data'], { x: ['root'], capabilities: ['root'] });
    assert.match(errorOf(await as(core.rootToken)('POST', 'sys/capabilities', { token: 'nope', paths: ['x'] })), /invalid token/);
    assert.match(errorOf(await as(core.rootToken)('POST', 'sys/capabilities-accessor', { accessor: 'nope', paths: ['x'] })), /invalid accessor/);
    assert.equal((await as(reader)('POST', 'sys/capabilities', { token: core.rootToken, paths: ['x'] })).status, 403, 'another token\'s capabilities need the policy');
  });

  it('the default policy lets a token look itself up and ask its own capabilities, nothing more', async () => {
    const { token } = await create([]);
    const minimal = (await create(['default'], {}, core.rootToken)).token;
    for (const candidate of [token, minimal]) assert.ok(candidate !== '');
    const request = as(minimal);
    assert.equal((await request('GET', 'auth/token/lookup-self')).status, 200);
    assert.equal((await request('POST', 'sys/capabilities-self', { paths: ['cubbyhole/x'] })).status, 200);
    assert.equal((await request('LIST', 'sys/policies/acl')).status, 403);
  });

  it('a token without sudo gives only policies it holds; sudo-only options are refused; unknown policies warn', async () => {
    const subset = await create(['reader'], {}, reader);
    assert.equal(subset.reply.status, 200, JSON.stringify(subset.reply.body));
    assert.deepEqual((subset.reply.body?.['auth'] as Record<string, unknown>)['policies'], ['default', 'reader']);
    const more = await create(['auditor'], {}, reader);
    assert.equal(more.reply.status, 400);
    assert.match(errorOf(more.reply), /^child policies must be subset of parent/);
    assert.match(errorOf((await create([], { no_parent: true }, reader)).reply), /^root or sudo privileges required to create orphan token/);
    assert.match(errorOf((await create([], { period: '1h' }, reader)).reply), /^root or sudo privileges required to create periodic token/);
    assert.match(errorOf((await create([], { id: 'chosen-id' }, reader)).reply), /^root or sudo privileges required to specify token id/);
    assert.match(errorOf(await as(reader)('POST', 'auth/token/revoke-orphan', { token: subset.token })), /^root or sudo privileges required to revoke and orphan/);
    // With sudo on auth/token/create, any policy may be given (not root), and an unknown one warns.
    const granted = await create(['reader', 'ghost'], {}, auditor);
    assert.equal(granted.reply.status, 200, JSON.stringify(granted.reply.body));
    assert.deepEqual(granted.reply.body?.['warnings'], ['Policy "ghost" does not exist']);
    assert.match(errorOf((await create(['root'], {}, auditor)).reply), /root tokens may not be created without parent token being root/);
  });

  it('the owner (the UI, no token) is not asked', async () => {
    const owner = as(undefined);
    assert.equal((await owner('GET', 'sys/audit')).status, 200);
    assert.equal((await owner('PUT', 'sys/policies/acl/by-owner', { policy: READER })).status, 204);
  });

  it('audits a refused request with its refusal', async () => {
    await as(reader)('DELETE', 'sys/policies/acl/auditor');
    const entries = core.auditLog.list({ limit: 2 }).entries;
    const failure = entries.find((entry) => entry.kind !== 'request');
    assert.equal(failure?.path, 'sys/policies/acl/auditor');
    assert.equal(failure?.error?.code, 'permission_denied');
  });
});
