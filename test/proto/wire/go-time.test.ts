import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dateToTimestamp, GO_ZERO_TIME_SECONDS, nanosToSeconds, secondsToNanos, timestampToDate } from '../../../proto/wire/go-time';

test('Go’s zero time is 0001-01-01T00:00:00Z in Timestamp seconds', () => {
  const year1 = new Date(0);
  year1.setUTCFullYear(1, 0, 1); // Date.UTC would read year 1 as 1901
  assert.equal(year1.toISOString(), '0001-01-01T00:00:00.000Z');
  assert.equal(GO_ZERO_TIME_SECONDS, BigInt(year1.getTime() / 1000));
});

test('unset times travel as Go’s zero time and come back unset', () => {
  assert.deepEqual(dateToTimestamp(undefined), { seconds: GO_ZERO_TIME_SECONDS, nanos: 0 });
  assert.equal(timestampToDate({ seconds: GO_ZERO_TIME_SECONDS, nanos: 0 }), undefined);
  assert.equal(timestampToDate(undefined), undefined);
});

test('a time round-trips with millisecond precision, before 1970 too', () => {
  for (const iso of ['2026-01-02T03:04:05.678Z', '1969-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z']) {
    const timestamp = dateToTimestamp(new Date(iso));
    assert.ok(timestamp.nanos >= 0 && timestamp.nanos < 1e9, `${iso}: nanos ${timestamp.nanos} in [0, 1e9) as protobuf requires`);
    assert.equal(timestampToDate(timestamp)?.toISOString(), iso);
  }
  assert.deepEqual(dateToTimestamp(new Date('1969-12-31T23:59:59.250Z')), { seconds: -1n, nanos: 250_000_000 });
});

test('durations: whole seconds ↔ int64 nanoseconds, cut toward zero', () => {
  assert.equal(secondsToNanos(3600), 3_600_000_000_000n);
  assert.equal(secondsToNanos(1.9), 1_000_000_000n);
  assert.equal(secondsToNanos(-1.9), -1_000_000_000n);
  assert.equal(secondsToNanos(undefined), 0n);
  assert.equal(nanosToSeconds(1_999_999_999n), 1);
  assert.equal(nanosToSeconds(-1_999_999_999n), -1);
  assert.equal(nanosToSeconds(undefined), 0);
  assert.equal(nanosToSeconds(9_223_372_036_854_775_807n), 9_223_372_036);
});
