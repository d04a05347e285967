import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_JSON_DEPTH, nestedAtMost, parseJsonObject } from '../../../electron/vault-api/request-body';
import { ApiFailure } from '../../../electron/vault-api/error-reply';

const nested = (depth: number) => `{"data":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

test('JSON nested up to the limit parses; one level more is a 400 that says the limit', () => {
  assert.deepEqual(Object.keys(parseJsonObject(Buffer.from(nested(MAX_JSON_DEPTH)))), ['data']);
  assert.throws(
    () => parseJsonObject(Buffer.from(nested(MAX_JSON_DEPTH + 1))),
    (error: unknown) => error instanceof ApiFailure && error.status === 400 && /exceeded max depth of 300/.test(error.message),
  );
  // 100,000 levels (what overflowed the stack before the check) are refused the same way.
  assert.throws(() => parseJsonObject(Buffer.from(nested(100_000))), (error: unknown) => error instanceof ApiFailure && error.status === 400);
});

test('brackets inside strings, escaped quotes included, do not count as nesting', () => {
  assert.equal(nestedAtMost('{"a":"[[[[{{{{"}', 1), true);
  assert.equal(nestedAtMost('{"a":"\\"[[[["}', 1), true);
  assert.equal(nestedAtMost('{"a":"\\\\",[[1]]}', 2), false, 'an escaped backslash ends before the quote that closes the string');
  assert.equal(nestedAtMost('{"a":{"b":{}}}', 3), true);
  assert.equal(nestedAtMost('{"a":{"b":{}}}', 2), false);
});
