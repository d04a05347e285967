import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDurationSeconds, parseDurationSeconds } from '../../../electron/common/duration';

describe('parseDurationSeconds', () => {
  const cases: Array<[string, number | string, number | undefined]> = [
    ['a whole number of seconds', 90, 90],
    ['seconds as text', '3600', 3600],
    ['Go units', '1h30m', 5400],
    ['days', '2d', 172800],
    ['fractions of a unit', '1.5h', 5400],
    ['Vault default', '768h', 2764800],
    ['surrounding space', ' 10s ', 10],
    ['negative number', -1, undefined],
    ['fractional number', 1.5, undefined],
    ['unknown unit', '5w', undefined],
    ['words', 'soon', undefined],
    ['empty', '', undefined],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => assert.equal(parseDurationSeconds(input), expected));
  }
});

describe('formatDurationSeconds', () => {
  const cases: Array<[number, string]> = [
    [0, '0s'],
    [59, '59s'],
    [3600, '1h'],
    [5400, '1h30m'],
    [2764800, '768h'],
    [3661, '1h1m1s'],
  ];
  for (const [seconds, text] of cases) {
    test(`${seconds} → ${text} and back`, () => {
      assert.equal(formatDurationSeconds(seconds), text);
      assert.equal(parseDurationSeconds(text), seconds);
    });
  }
});
