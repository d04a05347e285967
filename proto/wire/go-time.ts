/**
 * Go's time values as they cross the wire, for both pb translators (host and SDK): a
 * `time.Duration` is int64 nanoseconds (a bigint in the generated code), and a `time.Time` travels
 * as a protobuf Timestamp whose zero value, Go's `time.Time{}` (0001-01-01T00:00:00Z), means unset.
 */

export const NANOS_PER_SECOND = 1_000_000_000n;

/** Go's zero `time.Time` as Timestamp seconds: what an unset time arrives as, and is sent as. */
export const GO_ZERO_TIME_SECONDS = -62135596800n;

/** `google.protobuf.Timestamp` as the generated code types it. */
export interface WireTimestamp {
  seconds: bigint;
  nanos: number;
}

/** Whole seconds (a fraction is cut toward zero) as a Go duration. */
export function secondsToNanos(seconds: number | undefined): bigint {
  return BigInt(Math.trunc(seconds ?? 0)) * NANOS_PER_SECOND;
}

/** A Go duration as whole seconds, cut toward zero like Go's integer division. */
export function nanosToSeconds(nanos: bigint | undefined): number {
  return Number((nanos ?? 0n) / NANOS_PER_SECOND);
}

/** A Timestamp as a Date (millisecond precision); absent or Go's zero time is undefined. */
export function timestampToDate(timestamp: WireTimestamp | undefined): Date | undefined {
  if (timestamp === undefined || timestamp.seconds === GO_ZERO_TIME_SECONDS) return undefined;
  return new Date(Number(timestamp.seconds) * 1000 + Math.floor(timestamp.nanos / 1e6));
}

/** A Date as a Timestamp; undefined becomes Go's zero time (Go's side must always get a value). */
export function dateToTimestamp(date: Date | undefined): WireTimestamp {
  if (date === undefined) return { seconds: GO_ZERO_TIME_SECONDS, nanos: 0 };
  const ms = date.getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds: BigInt(seconds), nanos: (ms - seconds * 1000) * 1e6 };
}
