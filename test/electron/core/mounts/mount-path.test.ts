import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertMountPathFree, normaliseMountPath } from '../../../../electron/core/mounts/mount-path';

describe('normaliseMountPath', () => {
  const valid: Array<[string, string, string]> = [
    ['plain name', 'secret', 'secret/'],
    ['trailing slash kept once', 'secret/', 'secret/'],
    ['leading slashes dropped', '//secret', 'secret/'],
    ['nested', 'team/kv', 'team/kv/'],
    ['dots, dashes, underscores inside', 'my-kv_2.0', 'my-kv_2.0/'],
    ['surrounding space trimmed', '  kv ', 'kv/'],
  ];
  for (const [name, input, expected] of valid) {
    test(`accepts: ${name}`, () => assert.equal(normaliseMountPath(input), expected));
  }

  const invalid: Array<[string, string]> = [
    ['empty', ''],
    ['only slashes', '///'],
    ['empty segment', 'a//b'],
    ['dot-dot segment', 'a/../b'],
    ['dot segment', './a'],
    ['space inside', 'my kv'],
    ['leading dot', '.hidden'],
    ['backslash', 'a\\b'],
    ['control character', 'a\u0000b'],
    ['wildcard', 'kv*'],
    ['too long', 'a'.repeat(300)],
  ];
  for (const [name, input] of invalid) {
    test(`refuses: ${name}`, () => {
      assert.throws(() => normaliseMountPath(input), (error: { code?: string }) => error.code === 'invalid_mount_path');
    });
  }
});

describe('assertMountPathFree', () => {
  const existing = ['secret/', 'team/kv/'];
  const cases: Array<[string, string, string | undefined]> = [
    ['a sibling is free', 'other/', undefined],
    ['same prefix text but another segment is free', 'secrets/', undefined],
    ['a sibling under a shared parent segment is free', 'team/db/', undefined],
    ['the same path overlaps', 'secret/', 'mount_overlap'],
    ['inside an existing mount overlaps', 'secret/inner/', 'mount_overlap'],
    ['around an existing mount overlaps', 'team/', 'mount_overlap'],
    ['sys/ is reserved', 'sys/', 'mount_reserved'],
    ['inside sys/ is reserved', 'sys/mine/', 'mount_reserved'],
    // The default policy grants every token cubbyhole/*: a plain mount there would be shared by all.
    ['cubbyhole/ is reserved', 'cubbyhole/', 'mount_reserved'],
    ['identity/ is reserved', 'identity/', 'mount_reserved'],
  ];
  for (const [name, path, code] of cases) {
    test(name, () => {
      if (code === undefined) assert.doesNotThrow(() => assertMountPathFree(path, existing));
      else assert.throws(() => assertMountPathFree(path, existing), (error: { code?: string }) => error.code === code);
    });
  }

  test('the mount being moved does not overlap itself', () => {
    assert.doesNotThrow(() => assertMountPathFree('secret/', existing, 'secret/'));
  });
});
