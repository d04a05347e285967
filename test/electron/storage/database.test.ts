import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prefixUpperBound } from '../../../electron/storage/database';

const utf8Order = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe('prefixUpperBound', () => {
  it('bumps the last character', () => {
    assert.equal(prefixUpperBound('logical/m/'), 'logical/m0');
    assert.equal(prefixUpperBound('ab'), 'ac');
  });

  it('has no bound for the empty prefix', () => {
    assert.equal(prefixUpperBound(''), undefined);
  });

  it('skips the surrogate range and carries past U+10FFFF', () => {
    assert.equal(prefixUpperBound('a\ud7ff'), 'a\ue000');
    assert.equal(prefixUpperBound('a\u{10ffff}'), 'b');
  });

  it('is above every extension of the prefix in UTF-8 byte order', () => {
    for (const prefix of ['x/', 'x/\uffff', 'x/😀']) {
      const bound = prefixUpperBound(prefix)!;
      for (const tail of ['', '\u{10ffff}\u{10ffff}', '\uffff', 'zzz', '😀']) {
        assert.ok(utf8Order(prefix + tail, bound) < 0, JSON.stringify(prefix + tail));
      }
      assert.ok(utf8Order(prefix, bound) < 0);
    }
  });
});
