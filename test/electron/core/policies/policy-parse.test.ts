/**
 * Policy text → path rules: Vault's syntax (comments, commas, the old `policy = "…"` form,
 * parameters, wrapping TTLs), the wildcard forms, and each refusal with its line and column.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CAPABILITY_BITS, parsePolicy, PolicyParseError } from '../../../../electron/core/policies/policy-parse';

const bits = (...names: Array<keyof typeof CAPABILITY_BITS>) => names.reduce((sum, name) => sum | CAPABILITY_BITS[name], 0);

function refusal(text: string): string {
  try {
    parsePolicy(text);
  } catch (error) {
    assert.ok(error instanceof PolicyParseError, String(error));
    return error.message;
  }
  assert.fail(`accepted: ${text}`);
}

describe('policy parsing', () => {
  it('reads path blocks with their capabilities, comments and trailing commas', () => {
    const policy = parsePolicy(`
      # a comment
      name = "app"
      path "secret/data/app" { capabilities = ["read", "list",] }  // another
      /* a block
         comment */
      path "/secret/metadata/*" {
        capabilities = ["list"]
      },
      path "secret/+/team/+" { capabilities = ["create", "update", "patch", "delete", "sudo"] }
      path "kv/+/x*" { capabilities = ["read"] }
    `);
    assert.equal(policy.name, 'app');
    assert.deepEqual(
      policy.paths.map((rule) => [rule.path, rule.isPrefix, rule.hasSegmentWildcards, rule.capabilities]),
      [
        ['secret/data/app', false, false, bits('read', 'list')],
        ['secret/metadata/', true, false, bits('list')],
        ['secret/+/team/+', false, true, bits('create', 'update', 'patch', 'delete', 'sudo')],
        // A `+` pattern keeps its `*`: it is matched segment by segment.
        ['kv/+/x*', false, true, bits('read')],
      ],
    );
  });

  it('maps the old policy = "…" form and lets deny stand alone', () => {
    const policy = parsePolicy(`
      path "a" { policy = "read" }
      path "b" { policy = "write" }
      path "c" { policy = "sudo" }
      path "d" { capabilities = ["read", "deny", "bogus"] allowed_parameters = { "x" = [] } }
    `);
    assert.deepEqual(
      policy.paths.map((rule) => rule.capabilities),
      [bits('read', 'list'), bits('create', 'read', 'update', 'delete', 'list'), bits('create', 'read', 'update', 'delete', 'list', 'sudo'), bits('deny')],
    );
    assert.equal(policy.paths[3]?.allowedParameters, null);
  });

  it('reads parameter constraints (names lower-cased) and wrapping TTLs', () => {
    const [rule] = parsePolicy(`
      path "pki/issue/web" {
        capabilities = ["update"]
        allowed_parameters = { "Common_Name" = ["*.example.com"], "ttl" = [] }
        denied_parameters = { "alt_names" = [] }
        required_parameters = ["common_name"]
        min_wrapping_ttl = "1m"
        max_wrapping_ttl = 3600
      }`).paths;
    assert.ok(rule !== undefined);
    assert.deepEqual({ ...rule.allowedParameters }, { common_name: ['*.example.com'], ttl: [] });
    assert.deepEqual({ ...rule.deniedParameters }, { alt_names: [] });
    assert.deepEqual(rule.requiredParameters, ['common_name']);
    assert.equal(rule.minWrappingTtl, 60);
    assert.equal(rule.maxWrappingTtl, 3600);
  });

  it('marks identity-templated paths', () => {
    const [rule] = parsePolicy('path "identity/entity/id/{{identity.entity.id}}" { capabilities = ["read"] }').paths;
    assert.equal(rule?.templated, true);
  });

  it('refuses malformed HCL with the line and column', () => {
    assert.match(refusal('path "a" {\n capabilities = ["read"\n}'), /^failed to parse policy: At 3:1: error parsing list, expected comma or list end, got: RBRACE$/);
    assert.match(refusal('path "a" {\n  capabilities = ["read"]\n'), /At 3:1: expected a key .* got: EOF/);
    assert.match(refusal('path "a {\n}'), /At 1:6: literal not terminated/);
    assert.match(refusal('path "a" { capabilities = [read] }'), /At 1:28: expected a value/);
    assert.match(refusal('path "a" { capabilities = ["read"] } }'), /At 1:38: expected a key/);
    assert.match(refusal('/* open'), /At 1:1: comment not terminated/);
    assert.match(refusal('path "a" { capabilities = <<EOF\nread\nEOF\n }'), /At 1:27: heredoc/);
  });

  it('refuses what Vault refuses, saying what to write', () => {
    assert.match(refusal('path "a" {\n capabilities = ["reed"]\n}'), /path "a": invalid capability "reed": use deny, create, read/);
    assert.match(refusal('path "a" {\n capz = ["read"]\n}'), /path "a": invalid key "capz" at line 2, column 2: the keys of a path block are/);
    assert.match(refusal('foo "a" {\n capabilities = ["read"]\n}'), /invalid key "foo" at line 1, column 1/);
    assert.match(refusal('path "secret/+*" { capabilities = ["read"] }'), /invalid use of wildcards \('\+\*' is forbidden\)/);
    assert.match(refusal('path "a" { policy = "admin" }'), /invalid policy "admin"/);
    assert.match(refusal('path "a" { capabilities = "read" }'), /expected a list such as/);
    assert.match(refusal('path "a" { capabilities = ["read"] max_wrapping_ttl = "1m" min_wrapping_ttl = "1h" }'), /max_wrapping_ttl cannot be less than min_wrapping_ttl/);
    assert.match(refusal('path "a" { capabilities = ["read"] expiration = "2030-01-01T00:00:00Z" }'), /"expiration" at line 1, column 36 is not supported by Strongroom/);
    assert.match(refusal('path = "a"'), /write a path block as path/);
  });

  it('accepts a policy with no rules (a comment only)', () => {
    assert.deepEqual(parsePolicy('# nothing yet').paths, []);
  });
});
