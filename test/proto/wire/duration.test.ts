// The wire's one duration grammar against Vault's parseutil.ParseDurationSecond (go-secure-stdlib
// parseutil v0.2.0, the version vault/sdk v0.25.1 builds with). Each expected value is what that Go
// function returned for the same input decoded from JSON as Vault decodes it (UseNumber), in
// nanoseconds; `refused` is an error there.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { durationSeconds, formatDurationSeconds, parseDurationSecond, wholeSeconds } from '../../../proto/wire/duration';

const refused = 'refused';
type Case = [name: string, input: unknown, nanos: bigint | typeof refused];

const VAULT_CASES: Case[] = [
  ['nothing is zero', null, 0n],
  ['an empty string is zero', '', 0n],
  ['a number is seconds', 90, 90_000_000_000n],
  ['a negative number is negative seconds', -5, -5_000_000_000n],
  ['a number with a fraction has no unit', 1.5, refused],
  ['digits are seconds', '3600', 3_600_000_000_000n],
  ['a plus sign', '+90', 90_000_000_000n],
  ['a minus sign', '-90', -90_000_000_000n],
  ['leading zeros', '007', 7_000_000_000n],
  ['the most seconds that fit', '9223372036', 9_223_372_036_000_000_000n],
  ['one second too many', '9223372037', refused],
  ['seconds that would wrap around', '10000000000', refused],
  ['Go seconds', '90s', 90_000_000_000n],
  ['hours and minutes', '1h30m', 5_400_000_000_000n],
  ['a fraction of an hour', '1.5h', 5_400_000_000_000n],
  ['a fraction without its integer', '.5s', 500_000_000n],
  ['an integer with a bare point', '1.s', 1_000_000_000n],
  ['a point alone', '.s', refused],
  ['milliseconds', '500ms', 500_000_000n],
  ['microseconds (us)', '1us', 1_000n],
  ['microseconds (micro sign)', '1µs', 1_000n],
  ['microseconds (Greek mu)', '1μs', 1_000n],
  ['nanoseconds', '1ns', 1n],
  ['three units with a fraction', '2h45m30.5s', 9_930_500_000_000n],
  ['a negative fraction', '-1.5h', -5_400_000_000_000n],
  ['a signed unit', '+5m', 300_000_000_000n],
  ['minus zero', '-0', 0n],
  ['zero seconds', '0s', 0n],
  ['a unit repeated', '1m1m', 120_000_000_000n],
  ['zeros with a unit', '00h', 0n],
  ['a sign alone', '-', refused],
  ['a plus alone', '+', refused],
  ['a unit alone', 's', refused],
  ['days', '7d', 604_800_000_000_000n],
  ['negative days', '-2d', -172_800_000_000_000n],
  ['signed days', '+1d', 86_400_000_000_000n],
  ['fractional days', '1.5d', refused],
  ['days after another unit', '1h2d', refused],
  ['days before another unit', '1d1h', refused],
  ['d alone', 'd', refused],
  ['weeks', '5w', refused],
  ['an upper-case unit', '1H', refused],
  ['a space between parts', '1h 30m', refused],
  ['a leading space', ' 10s', refused],
  ['a trailing space', '10s ', refused],
  ['digits with a fraction but no unit', '1.5', refused],
  ['an exponent', '1e3s', refused],
  ['a word', 'soon', refused],
  ['Vault’s default TTL', '768h', 2_764_800_000_000_000n],
  ['the most hours that fit', '2562047h', 9_223_369_200_000_000_000n],
  ['one hour too many', '2562048h', refused],
  ['the largest duration', '9223372036854775807ns', 9_223_372_036_854_775_807n],
  ['one nanosecond past it', '9223372036854775808ns', refused],
  ['the most negative duration', '-9223372036854775808ns', -9_223_372_036_854_775_808n],
  ['the most days that fit', '106751d', 9_223_286_400_000_000_000n],
  ['one day too many', '106752d', refused],
  ['a fraction below a nanosecond', '0.0000000001s', 0n],
  ['a second and a tiny fraction', '1.0000000001s', 1_000_000_000n],
];

describe('parseDurationSecond behaves as Vault’s', () => {
  for (const [name, input, expected] of VAULT_CASES) {
    test(`${name}: ${JSON.stringify(input)}`, () => {
      const parsed = parseDurationSecond(input);
      if (expected === refused) {
        assert.equal(parsed.ok, false, `Vault refuses ${JSON.stringify(input)}`);
        if (!parsed.ok) assert.match(parsed.problem, /; (use|write|give|TTLs)/, 'the problem says what to write instead');
      } else {
        assert.deepEqual(parsed, { ok: true, nanos: expected });
      }
    });
  }
  test('a value that is neither text nor a number', () => {
    for (const input of [true, {}, [], 10n]) assert.equal(parseDurationSecond(input).ok, false, String(input));
  });
});

describe('the problems say what is wrong', () => {
  const cases: Array<[unknown, RegExp]> = [
    ['5w', /unknown unit "w"/],
    ['1.5', /number without a unit/],
    [1.5, /fraction but no unit/],
    ['1.5d', /whole number and stand alone/],
    ['1h 30m', /has spaces; write it without them/],
    ['2562048h', /too long/],
  ];
  for (const [input, problem] of cases) test(JSON.stringify(input), () => assert.match(String((parseDurationSecond(input) as { problem?: string }).problem), problem));
});

describe('durationSeconds: whole seconds as Vault’s framework reads a duration field', () => {
  const cases: Array<[unknown, number]> = [
    ['1h30m', 5400],
    ['1.9s', 1],
    ['500ms', 0],
    ['-500ms', 0],
    ['-1.5s', -1],
    ['2d', 172800],
  ];
  for (const [input, seconds] of cases) test(JSON.stringify(input), () => assert.deepEqual(durationSeconds(input), { ok: true, seconds }));
});

describe('wholeSeconds: TTLs, which are whole seconds', () => {
  test('accepts what is whole and not negative', () => {
    for (const [input, seconds] of [[90, 90], ['1h30m', 5400], ['7d', 604800], ['', 0], ['1000ms', 1]] as const) {
      assert.deepEqual(wholeSeconds(input), { ok: true, seconds }, String(input));
    }
  });
  test('refuses a fraction of a second, saying TTLs are whole seconds', () => {
    for (const input of ['500ms', '1.5s', '90001ms']) {
      const parsed = wholeSeconds(input);
      assert.equal(parsed.ok, false, input);
      assert.match((parsed as { problem: string }).problem, /not a whole number of seconds; TTLs are kept in whole seconds/);
    }
  });
  test('refuses a negative TTL', () => assert.match((wholeSeconds('-5s') as { problem: string }).problem, /negative; give 0/));
  test('passes the grammar’s own problems through', () => assert.match((wholeSeconds('5w') as { problem: string }).problem, /unknown unit/));
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
    test(`${seconds} → ${text}, which reads back as ${seconds}`, () => {
      assert.equal(formatDurationSeconds(seconds), text);
      assert.deepEqual(wholeSeconds(text), { ok: true, seconds });
    });
  }
});
