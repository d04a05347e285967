/**
 * The policy store through the router's sys/ paths on a real core (SQLite barrier on a temp dir):
 * sys/policies/acl LIST/read/write/delete, the older sys/policy paths, `default` written at first
 * unseal and kept, `root` read-only, a malformed policy refused with nothing saved, and the
 * policies still there after seal and unseal.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_POLICY_TEXT } from '../../../../electron/core/policies/default-policy';
import { PASSPHRASE } from '../core-helpers';
import { openTokenCore, type TokenCore } from '../tokens/token-harness';

const APP = 'path "secret/data/app/*" {\n  capabilities = ["read", "list"]\n}\n';

describe('sys/policies/acl and sys/policy', () => {
  let core: TokenCore;
  before(async () => {
    core = await openTokenCore();
  });
  after(async () => core.close());

  const data = async (method: 'GET' | 'LIST', path: string) => {
    const reply = await core.request(method, path, undefined, core.rootToken);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    return reply.body?.['data'] as Record<string, unknown>;
  };

  it('starts with default (stored, editable) and root (empty)', async () => {
    assert.deepEqual((await data('LIST', 'sys/policies/acl'))['keys'], ['default', 'root']);
    const stored = await data('GET', 'sys/policies/acl/default');
    assert.equal(stored['policy'], DEFAULT_POLICY_TEXT);
    assert.equal(stored['version'], 1);
    assert.match(String(stored['modified']), /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(await data('GET', 'sys/policies/acl/root'), {
      name: 'root',
      policy: '',
      version: 0,
      cas_required: false,
      allow_wildcards_in_identity_templates: false,
      allow_slashes_in_identity_templates: false,
    });
  });

  it('writes (name lower-cased), reads, versions, lists and deletes a policy', async () => {
    assert.equal((await core.request('PUT', 'sys/policies/acl/App', { policy: APP }, core.rootToken)).status, 204);
    const first = await data('GET', 'sys/policies/acl/app');
    assert.equal(first['name'], 'app');
    assert.equal(first['policy'], APP);
    assert.equal(first['version'], 1);
    assert.equal((await core.request('PUT', 'sys/policies/acl/app', { policy: `${APP}# again\n` }, core.rootToken)).status, 204);
    assert.equal((await data('GET', 'sys/policies/acl/app'))['version'], 2);
    assert.deepEqual((await data('LIST', 'sys/policies/acl'))['keys'], ['app', 'default', 'root']);
    assert.equal((await core.request('DELETE', 'sys/policies/acl/app', undefined, core.rootToken)).status, 204);
    assert.equal((await core.request('GET', 'sys/policies/acl/app', undefined, core.rootToken)).status, 404);
    assert.equal((await core.request('DELETE', 'sys/policies/acl/never', undefined, core.rootToken)).status, 204);
  });

  it('refuses a malformed policy with its line and column, keeping what was there', async () => {
    await core.request('PUT', 'sys/policies/acl/keep', { policy: APP }, core.rootToken);
    const bad = await core.request('PUT', 'sys/policies/acl/keep', { policy: 'path "a" {\n capabilities = ["read"\n}' }, core.rootToken);
    assert.equal(bad.status, 400);
    assert.match(String((bad.body?.['errors'] as string[])[0]), /^failed to parse policy: At 3:1: error parsing list, expected comma or list end, got: RBRACE\. Nothing was saved/);
    const unknown = await core.request('PUT', 'sys/policies/acl/keep', { policy: 'path "a" { capabilities = ["reed"] }' }, core.rootToken);
    assert.match(String((unknown.body?.['errors'] as string[])[0]), /invalid capability "reed"/);
    const empty = await core.request('PUT', 'sys/policies/acl/keep', { policy: '' }, core.rootToken);
    assert.match(String((empty.body?.['errors'] as string[])[0]), /'policy' parameter not supplied or empty/);
    assert.equal((await data('GET', 'sys/policies/acl/keep'))['policy'], APP);
  });

  it('refuses to write or delete root, to write response-wrapping and to delete default', async () => {
    const cases: Array<[Parameters<TokenCore['request']>[0], string, RegExp]> = [
      ['PUT', 'sys/policies/acl/root', /cannot update "root" policy/],
      ['PUT', 'sys/policies/acl/response-wrapping', /cannot update "response-wrapping" policy/],
      ['DELETE', 'sys/policies/acl/root', /cannot delete "root" policy/],
      ['DELETE', 'sys/policies/acl/default', /cannot delete default policy/],
      ['DELETE', 'sys/policy/default', /cannot delete default policy/],
    ];
    for (const [method, path, message] of cases) {
      const reply = await core.request(method, path, method === 'PUT' ? { policy: APP } : undefined, core.rootToken);
      assert.equal(reply.status, 400, `${method} ${path}`);
      assert.match(String((reply.body?.['errors'] as string[])[0]), message);
    }
  });

  it('serves the older sys/policy paths (rules, keys and policies; rules as input warns)', async () => {
    const written = await core.request('PUT', 'sys/policy/old', { rules: APP }, core.rootToken);
    assert.equal(written.status, 200);
    assert.deepEqual(written.body?.['warnings'], ["'rules' is deprecated, please use 'policy' instead"]);
    assert.equal((await core.request('PUT', 'sys/policy/old2', { policy: APP }, core.rootToken)).status, 204);
    const read = await data('GET', 'sys/policy/old');
    assert.equal(read['rules'], APP);
    assert.equal(read['policy'], undefined);
    const listed = await data('GET', 'sys/policy');
    assert.deepEqual(listed['keys'], listed['policies']);
    assert.ok((listed['keys'] as string[]).includes('old2'));
    assert.deepEqual((await data('LIST', 'sys/policy'))['keys'], listed['keys']);
  });

  it('keeps the policies across seal and unseal', async () => {
    await core.request('PUT', 'sys/policies/acl/durable', { policy: APP }, core.rootToken);
    await core.lifecycle.seal();
    await core.lifecycle.unseal(PASSPHRASE);
    assert.equal((await data('GET', 'sys/policies/acl/durable'))['policy'], APP);
  });
});
