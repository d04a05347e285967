import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonDiff, parseJsonText } from '../../../../renderer/src/pages/request/json-diff';

test('equal values have no change, whatever the key order', () => {
  assert.deepEqual(jsonDiff({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 }), []);
});

test('added, removed and changed fields each name their path, deep inside objects and arrays', () => {
  const before = { greeting: 'hello v1', old: true, nested: { list: [1, 2, 3], keep: 'k' } };
  const after = { greeting: 'hello v2', added: 'x', nested: { list: [1, 5], keep: 'k' } };
  assert.deepEqual(jsonDiff(before, after), [
    { kind: 'added', path: 'added', after: 'x' },
    { kind: 'changed', path: 'greeting', before: 'hello v1', after: 'hello v2' },
    { kind: 'changed', path: 'nested.list[1]', before: 2, after: 5 },
    { kind: 'removed', path: 'nested.list[2]', before: 3 },
    { kind: 'removed', path: 'old', before: true },
  ]);
});

test('a change of type or of the whole value is one change', () => {
  assert.deepEqual(jsonDiff({ a: { b: 1 } }, { a: [1] }), [{ kind: 'changed', path: 'a', before: { b: 1 }, after: [1] }]);
  assert.deepEqual(jsonDiff(null, { a: 1 }), [{ kind: 'changed', path: '(whole value)', before: null, after: { a: 1 } }]);
});

test('stored text parses as JSON or is left alone', () => {
  assert.deepEqual(parseJsonText('{"a":1}'), { a: 1 });
  assert.equal(parseJsonText('not json'), undefined);
});
