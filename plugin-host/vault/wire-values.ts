/**
 * Wire values shared by the translations of Vault's messages (`translation.ts`, `auth-translation.ts`):
 * JSON-in-string fields and lease options.
 */
import type { LeaseOptions } from '../gen/pb/backend';
import { dateToTimestamp, nanosToSeconds, timestampToDate } from '../../proto/wire/go-time';
import type { VaultLease } from './types';

/** Parses a JSON-in-string field; anything but an object (Go's `null` for a nil map) becomes null. */
export function parseJsonObject(text: string): Record<string, unknown> | null {
  if (text === '' || text === 'null') return null;
  const value: unknown = JSON.parse(text);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export function leaseFromProto(options: LeaseOptions | undefined): VaultLease {
  const ttlNs = options?.TTL ?? 0n;
  return {
    ttlNs,
    ttlSeconds: nanosToSeconds(ttlNs),
    maxTtlNs: options?.MaxTTL ?? 0n,
    incrementNs: options?.increment ?? 0n,
    renewable: options?.renewable ?? false,
    issueTime: timestampToDate(options?.issue_time),
  };
}

export function leaseToProto(lease: VaultLease): LeaseOptions {
  return {
    TTL: lease.ttlNs,
    renewable: lease.renewable,
    increment: lease.incrementNs,
    issue_time: dateToTimestamp(lease.issueTime),
    MaxTTL: lease.maxTtlNs,
  };
}
