import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { keyProblem, prefixProblem } from '../../../electron/storage/storage-key';

// Vault's rule (sdk/logical/storage_view.go SanityCheck): a key or prefix containing ".." anywhere
// is refused with "relative paths not supported"; every other string is a key.
describe("plugin storage keys follow Vault's rules", () => {
  const accepted: Array<[string, string]> = [
    ['a plain name', 'config'],
    ['nested folders', 'creds/db/primary'],
    ["PKI's delta CRL key (an empty segment)", 'crls//0c4a-delta'],
    ['a leading "/"', '/x'],
    ['only "/"', '/'],
    ['a trailing "/"', 'a/'],
    ['the empty key', ''],
    ['a "." segment', 'a/./b'],
    ['a leading "./"', './x'],
    ['a dotfile', '.hidden'],
    ['a backslash', 'a\\b'],
    ['NUL (SQLite keeps every byte)', 'nul\u0000byte'],
    ['a newline', 'line\nbreak'],
    ['DEL and C1 controls', 'a\u007f\u0085b'],
    ['astral characters (valid surrogate pairs)', 'ünïcode/😀'],
    ["another mount's prefix, as a name inside this one", 'logical/0b5c6f3e-1d3a-4a4b-9c1e-000000000000/x'],
  ];
  for (const [name, key] of accepted) {
    it(`accepts ${name}: ${JSON.stringify(key)}`, () => {
      assert.equal(keyProblem(key), undefined);
      assert.equal(prefixProblem(key), undefined);
    });
  }

  const refused: Array<[string, string, string, RegExp]> = [
    ['a ".." segment', '../x', 'parent_reference', /contains "\.\."/],
    ['".." in the middle', 'a/../../b', 'parent_reference', /relative paths not supported/],
    ['".." after a leading "/"', '/../0b5c6f3e-1d3a-4a4b-9c1e-000000000000/x', 'parent_reference', /Vault's storage refuses/],
    ['".." inside a name (Vault refuses it too)', 'a..b', 'parent_reference', /contains "\.\."/],
    ['"..." (contains "..")', '...', 'parent_reference', /contains "\.\."/],
    ['a backslash traversal', 'a\\..\\b', 'parent_reference', /contains "\.\."/],
    ['a lone high surrogate', 'a\ud800b', 'lone_surrogate', /U\+D800\) at offset 1.*U\+FFFD/],
    ['a lone low surrogate', 'a\udc00', 'lone_surrogate', /U\+DC00/],
  ];
  for (const [name, key, rule, reason] of refused) {
    it(`refuses ${name}: ${JSON.stringify(key)}`, () => {
      const problem = keyProblem(key);
      assert.equal(problem?.rule, rule);
      assert.match(`${problem?.problem}: ${problem?.why}`, reason);
      assert.equal(prefixProblem(key)?.rule, rule, 'a LIST prefix follows the same rule');
    });
  }

  it('refuses a non-string', () => {
    assert.equal(keyProblem(42 as unknown as string)?.rule, 'not_a_string');
  });

  it('accepts exactly the strings without ".." or a lone surrogate (property)', () => {
    const piece = fc.constantFrom('a', '.', '..', '/', '//', '\\', '\u0000', '\n', '\ud800', '\udc00', '😀', ' ', '');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const key = pieces.join('');
        // Well-formed UTF-16 round-trips through UTF-8 unchanged; a lone surrogate does not.
        const expected = !key.includes('..') && Buffer.from(key, 'utf8').toString('utf8') === key;
        assert.equal(keyProblem(key) === undefined, expected, JSON.stringify(key));
      }),
      { numRuns: 3000 },
    );
  });
});
