import assert from 'node:assert/strict';
import { posix } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { corePathProblem as keyProblem, corePrefixProblem as prefixProblem } from '../../../electron/storage/core-path';

describe("the core's own storage paths", () => {
  it('accepts ordinary relative paths', () => {
    for (const key of ['a', 'config', 'role/admin', 'creds/db/primary', '.hidden', 'a..b', 'ünïcode/😀', 'logical/x']) {
      assert.equal(keyProblem(key), undefined, key);
    }
  });

  const refused: Array<[string, string, RegExp]> = [
    ['empty', '', /empty/],
    ['absolute', '/abs', /absolute/],
    ['parent segment', '../x', /"\.\." segment/],
    ['parent in the middle', 'a/../../b', /"\.\." segment/],
    ['dot segment', 'a/./b', /"\." segment/],
    ['empty segment', 'a//b', /empty segment/],
    ['trailing slash', 'a/', /empty segment/],
    ['backslash', 'a\\..\\b', /backslash/],
    ['NUL', 'a\u0000b', /U\+0000/],
    ['newline', 'a\nb', /U\+000A/],
    ['DEL', 'a\u007fb', /U\+007F/],
    ['C1 control', 'a\u0085b', /U\+0085/],
    ['lone high surrogate', 'a\ud800b', /U\+D800/],
    ['lone low surrogate', 'a\udc00', /U\+DC00/],
  ];
  for (const [name, key, reason] of refused) {
    it(`refuses a key: ${name}`, () => {
      assert.match(keyProblem(key) ?? 'accepted', reason);
    });
  }

  it('accepts list prefixes: root, folders and partial names', () => {
    for (const prefix of ['', 'role/', 'a/b/', 'role/ad']) assert.equal(prefixProblem(prefix), undefined, prefix);
    for (const prefix of ['/', '../', 'a//', '/abs/', 'a/../']) assert.notEqual(prefixProblem(prefix), undefined, prefix);
  });

  it('every accepted path is already normal (property)', () => {
    const segment = fc.oneof(fc.constantFrom('.', '..', '', 'a', 'b', '\\', '\u0000'), fc.string({ unit: 'grapheme' }));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), fc.boolean(), (segments, absolute) => {
        const key = (absolute ? '/' : '') + segments.join('/');
        if (keyProblem(key) !== undefined) return;
        const mount = 'logical/m/';
        assert.ok(posix.normalize(mount + key).startsWith(mount), key);
        assert.equal(posix.normalize(mount + key), mount + key, `${key} is already normal`);
      }),
      { numRuns: 2000 },
    );
  });
});

// The one-regex fast path must accept exactly the keys the rule-by-rule check accepts.
it('corePathProblem agrees with the rule-by-rule definition on generated keys', () => {
  const reference = (key: string): boolean =>
    key !== '' &&
    !key.startsWith('/') &&
    !/[\p{Cc}\p{Cs}\\]/u.test(key) &&
    key.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
  const piece = fc.constantFrom('a', 'b.', '.', '..', '/', '\\', '\u0000', '\u007f', '\ud800', '\udc00', '😀', 'x-y', ' ');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
      const key = pieces.join('');
      assert.equal(keyProblem(key) === undefined, reference(key), JSON.stringify(key));
    }),
    { numRuns: 5000 },
  );
});
