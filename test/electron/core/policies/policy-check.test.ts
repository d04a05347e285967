/**
 * `policies.check`: the save's parser with nothing saved, its refusal's line and column read back
 * for the editor (a syntax error, a misplaced key), none for a refusal about a whole block, and the
 * number of path blocks for a policy that parses. The same text is refused by a save with the same words.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPolicy } from '../../../../electron/core/policies/policy-check';

describe('checkPolicy', () => {
  it('counts the path blocks of a policy that parses', () => {
    assert.deepEqual(checkPolicy('path "secret/*" { capabilities = ["read"] }\npath "sys/mounts" { capabilities = ["list"] }'), { ok: true, paths: 2 });
  });

  it('points at a syntax error', () => {
    const result = checkPolicy('path "secret/*" {\n  capabilities = ["read"\n}');
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.deepEqual([result.line, result.column], [3, 1]);
    assert.match(result.message, /^failed to parse policy: At 3:1: /);
  });

  it('points at a key a path block may not hold', () => {
    const result = checkPolicy('path "secret/*" {\n  capabilities = ["read"]\n    colour = "red"\n}');
    assert.ok(!result.ok);
    assert.deepEqual([result.line, result.column], [3, 5]);
    assert.match(result.message, /invalid key "colour"/);
  });

  it('names an unknown capability without a position', () => {
    const result = checkPolicy('path "secret/*" { capabilities = ["raed"] }');
    assert.ok(!result.ok);
    assert.deepEqual([result.line, result.column], [null, null]);
    assert.match(result.message, /invalid capability "raed": use deny, /);
  });
});
