/**
 * Token ids and accessors in the form OpenBao 2.7.2 makes them (`vault/token_store.go`, with its
 * default of server-side-consistent tokens off): a service token is `s.` and 24 crypto-random
 * base62 characters (`base62.Random(TokenLength)`), an accessor the same 24 characters alone.
 */
import { randomBase62 } from '../leases/lease-id';

/** Vault's `TokenLength`. */
export const TOKEN_RANDOM_LENGTH = 24;
/** `consts.LegacyServiceTokenPrefix`, what OpenBao gives service tokens. */
export const SERVICE_TOKEN_PREFIX = 's.';

export function newTokenId(): string {
  return SERVICE_TOKEN_PREFIX + randomBase62(TOKEN_RANDOM_LENGTH);
}

export function newAccessor(): string {
  return randomBase62(TOKEN_RANDOM_LENGTH);
}
