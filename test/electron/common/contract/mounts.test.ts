import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contractMethods } from '../../../../electron/common/contract';

const enable = (defaultLeaseTtl: unknown) => contractMethods['mounts.enable'].safeParse({ path: 'kv', type: 'kv', defaultLeaseTtl });
const problem = (defaultLeaseTtl: unknown) => {
  const parsed = enable(defaultLeaseTtl);
  return parsed.success ? undefined : parsed.error.issues.map((issue) => issue.message).join('; ');
};

test('mount TTLs read Vault’s duration grammar, as whole seconds', () => {
  for (const [input, seconds] of [[90, 90], ['3600', 3600], ['1h30m', 5400], ['7d', 604800], ['1.5h', 5400], ['', 0], ['2000ms', 2]] as const) {
    const parsed = enable(input);
    assert.ok(parsed.success, `${JSON.stringify(input)} is a TTL`);
    assert.equal(parsed.data.defaultLeaseTtl, seconds, JSON.stringify(input));
  }
});

test('a fraction of a second is refused, saying TTLs are whole seconds', () => {
  assert.match(problem('500ms') ?? '', /"500ms" is not a whole number of seconds; TTLs are kept in whole seconds/);
  assert.match(problem('1.5s') ?? '', /not a whole number of seconds/);
});

test('what is not a duration, or negative, is refused with what to write instead', () => {
  assert.match(problem('forever') ?? '', /"forever" is not a duration; use seconds \(90\) or a duration such as 90s, 1h30m or 7d/);
  assert.match(problem('1.5d') ?? '', /whole number/);
  assert.match(problem(-5) ?? '', /negative; give 0/);
  assert.match(problem(1.5) ?? '', /fraction but no unit/);
});
