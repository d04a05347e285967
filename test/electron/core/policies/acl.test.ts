/**
 * The ACL's decisions, rule by rule: exact over wildcards, the longest prefix, Vault's order
 * between `+` patterns and prefixes, deny winning merges, lists with and without the `/`,
 * parameter constraints and their merging, wrapping TTLs, sudo, root and help.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Acl } from '../../../../electron/core/policies/acl';
import { parsePolicy } from '../../../../electron/core/policies/policy-parse';

function acl(...texts: string[]): Acl {
  return Acl.compile(texts.map((text, index) => ({ name: `p${index}`, paths: parsePolicy(text).paths })));
}

const rule = (path: string, ...capabilities: string[]) => `path "${path}" { capabilities = ${JSON.stringify(capabilities)} }\n`;

describe('ACL evaluation', () => {
  it('an exact pattern beats any wildcard; the longest prefix beats a shorter one', () => {
    const a = acl(rule('secret/*', 'deny') + rule('secret/app', 'read') + rule('secret/team/*', 'update') + rule('*', 'list'));
    assert.deepEqual(a.capabilities('secret/app'), ['read']);
    assert.deepEqual(a.capabilities('secret/apps'), ['deny']);
    assert.deepEqual(a.capabilities('secret/team/x'), ['update']);
    assert.deepEqual(a.capabilities('other/x'), ['list']);
    assert.deepEqual(a.capabilities('/secret/app'), ['read'], 'a leading / is ignored');
  });

  it("orders + patterns and prefixes as Vault does", () => {
    // The later first wildcard wins: foo/bar/+/baz over foo/+/+/baz, and secret/a* (8) over secret/+ (7).
    const a = acl(rule('foo/+/+/baz', 'read') + rule('foo/bar/+/baz', 'update') + rule('secret/+', 'delete') + rule('secret/a*', 'create'));
    assert.deepEqual(a.capabilities('foo/bar/x/baz'), ['update']);
    assert.deepEqual(a.capabilities('foo/qux/x/baz'), ['read']);
    assert.deepEqual(a.capabilities('secret/ab'), ['create']);
    assert.deepEqual(a.capabilities('secret/b'), ['delete']);
    assert.deepEqual(a.capabilities('secret/b/c'), ['deny'], 'a + pattern matches one segment only');
    // At the same position, not a prefix wins (foo/+ over foo/*); then fewer + segments; then the longer pattern.
    const b = acl(rule('foo/*', 'read') + rule('foo/+', 'update') + rule('k/+/bar/b*', 'list') + rule('k/+/bar/ba*', 'patch'));
    assert.deepEqual(b.capabilities('foo/x'), ['update']);
    assert.deepEqual(b.capabilities('foo/x/y'), ['read']);
    assert.deepEqual(b.capabilities('k/1/bar/baz'), ['patch']);
    assert.deepEqual(b.capabilities('k/1/bar/bz'), ['list']);
    assert.deepEqual(b.capabilities('k/1/bar/baz/more'), ['patch'], 'a prefix spans the segments after it');
  });

  it('deny wins a merge in either order; other capabilities are united', () => {
    assert.deepEqual(acl(rule('s/x', 'read'), rule('s/x', 'deny')).capabilities('s/x'), ['deny']);
    assert.deepEqual(acl(rule('s/x', 'deny'), rule('s/x', 'read')).capabilities('s/x'), ['deny']);
    assert.deepEqual(acl(rule('s/*', 'read'), rule('s/*', 'list', 'update')).capabilities('s/y'), ['list', 'read', 'update']);
    assert.deepEqual(acl(rule('s/+', 'read') + rule('s/+', 'create')).capabilities('s/y'), ['create', 'read']);
    // A deny on a less specific pattern does not reach a more specific one.
    assert.deepEqual(acl(rule('s/*', 'deny'), rule('s/x/*', 'read')).capabilities('s/x/1'), ['read']);
  });

  it('a list tries the pattern without its trailing /', () => {
    const a = acl(rule('secret/metadata', 'list') + rule('kv/app*', 'list'));
    assert.equal(a.allows('list', 'secret/metadata/', {}).allowed, true);
    assert.equal(a.allows('read', 'secret/metadata/', {}).allowed, false);
    assert.equal(a.allows('list', 'kv/app/', {}).allowed, true);
    assert.deepEqual(a.capabilities('secret/metadata/'), ['list']);
    // The wildcards see the path as it is first; only when none matches, the path without its `/` (OpenBao 2.7.2).
    const b = acl(rule('secret/*', 'read') + rule('secret/team/*', 'update') + rule('kv/+/config', 'read') + rule('kv/*', 'list') + rule('+/public', 'read'));
    assert.deepEqual(b.capabilities('secret/team/'), ['update']);
    assert.deepEqual(b.capabilities('kv/a/config/'), ['list']);
    assert.deepEqual(b.capabilities('apps/public/'), ['read']);
    assert.equal(b.allows('read', 'apps/public/', {}).allowed, false, 'only a list drops the /');
  });

  it('maps each operation to its capability and reports sudo', () => {
    const a = acl(rule('sys/audit', 'read', 'sudo') + rule('s/*', 'create', 'update', 'patch', 'delete'));
    assert.deepEqual(a.allows('read', 'sys/audit', {}), { allowed: true, sudo: true });
    assert.deepEqual(a.allows('update', 'sys/audit', {}), { allowed: false, sudo: true });
    for (const operation of ['create', 'update', 'patch', 'delete'] as const) assert.equal(a.allows(operation, 's/x', {}).allowed, true, operation);
    assert.equal(a.allows('read', 's/x', {}).allowed, false);
    assert.deepEqual(a.allows('help', 'nowhere/x', {}), { allowed: true, sudo: false });
    assert.deepEqual(a.allows('read', 'nowhere/x', {}), { allowed: false, sudo: false });
  });

  it('root may do everything; templated paths apply to nobody', () => {
    const root = Acl.compile([{ name: 'root', paths: [] }]);
    assert.deepEqual(root.capabilities('anything'), ['root']);
    assert.deepEqual(root.allows('delete', 'sys/mounts/x', {}), { allowed: true, sudo: true });
    assert.deepEqual(acl(rule('identity/entity/id/{{identity.entity.id}}', 'read')).capabilities('identity/entity/id/{{identity.entity.id}}'), ['deny']);
  });

  it('checks required, denied and allowed parameters on writes and reads, not on deletes or lists', () => {
    const a = acl(`path "pki/issue/web" {
      capabilities = ["update", "delete", "list"]
      allowed_parameters = { "common_name" = ["*.example.com", "exact.org"], "ttl" = [] }
      denied_parameters = { "ttl" = ["9999h"] }
      required_parameters = ["common_name"]
    }`);
    const update = (data: Record<string, unknown>) => a.allows('update', 'pki/issue/web', data).allowed;
    assert.equal(update({ common_name: 'a.example.com' }), true);
    assert.equal(update({ common_name: 'exact.org', ttl: '1h' }), true);
    assert.equal(update({ common_name: 'exact.org.evil' }), false, 'not a listed value');
    assert.equal(update({ common_name: 'a.example.com', alt_names: 'x' }), false, 'not an allowed name');
    assert.equal(update({ common_name: 'a.example.com', ttl: '9999h' }), false, 'a denied value');
    assert.equal(update({ ttl: '1h' }), false, 'a required parameter missing');
    assert.equal(update({ COMMON_NAME: 'a.example.com' }), false, 'required names are looked up lower-cased');
    assert.equal(a.allows('delete', 'pki/issue/web', { anything: 1 }).allowed, true);
  });

  it('"*" names any parameter; denied "*" refuses any data; an empty list merges to any value', () => {
    const anyName = acl(`path "a" { capabilities = ["update"] allowed_parameters = { "*" = [] "mode" = ["x"] } }`);
    assert.equal(anyName.allows('update', 'a', { other: 1, mode: 'x' }).allowed, true);
    assert.equal(anyName.allows('update', 'a', { mode: 'y' }).allowed, false);
    const deniedAll = acl(`path "a" { capabilities = ["update"] denied_parameters = { "*" = [] } }`);
    assert.equal(deniedAll.allows('update', 'a', {}).allowed, true);
    assert.equal(deniedAll.allows('update', 'a', { x: 1 }).allowed, false);
    const merged = acl(`path "a" { capabilities = ["update"] allowed_parameters = { "mode" = ["x"] } }`, `path "a" { capabilities = ["read"] allowed_parameters = { "mode" = [] } }`);
    assert.equal(merged.allows('update', 'a', { mode: 'anything' }).allowed, true);
    const united = acl(`path "a" { capabilities = ["update"] allowed_parameters = { "mode" = ["x"] } }`, `path "a" { capabilities = ["update"] allowed_parameters = { "mode" = ["y"] } }`);
    assert.equal(united.allows('update', 'a', { mode: 'y' }).allowed, true);
    assert.equal(united.allows('update', 'a', { mode: 'z' }).allowed, false);
  });

  it('wrapping TTL bounds need a wrapped request within them; merged, the smaller bound holds', () => {
    const a = acl(`path "w" { capabilities = ["read"] min_wrapping_ttl = "1m" max_wrapping_ttl = "1h" }`, `path "w" { capabilities = ["read"] max_wrapping_ttl = "10m" }`);
    assert.equal(a.allows('read', 'w', {}).allowed, false);
    assert.equal(a.allows('read', 'w', {}, 30).allowed, false);
    assert.equal(a.allows('read', 'w', {}, 300).allowed, true);
    assert.equal(a.allows('read', 'w', {}, 1200).allowed, false);
  });
});
