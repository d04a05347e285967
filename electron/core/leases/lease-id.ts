/**
 * Lease ids and the names their records are stored under. An id is built as Vault builds it
 * (`vault/expiration.go`): the request path, cleaned, then `/` and 24 random base62 characters
 * (`base62.Random(TokenLength)`). Ids carry slashes, so a record is stored under the sha256 of its
 * id; records written before ids were base62 end in a uuid and keep that uuid as their name.
 */
import { createHash, randomBytes } from 'node:crypto';

/** The base62 alphabet of Vault's `sdk/helper/base62`, in its order. */
export const BASE62_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Vault's `TokenLength`: the random part of a lease id. */
export const LEASE_RANDOM_LENGTH = 24;
/** Bytes at or above this (4 × 62 = 248) are dropped, so every character is equally likely. */
const UNBIASED_BYTE_LIMIT = BASE62_ALPHABET.length * 4;

/** `length` crypto-random base62 characters, drawn by rejection sampling (no modulo bias). */
export function randomBase62(length: number, random: (size: number) => Buffer = randomBytes): string {
  let out = '';
  while (out.length < length) {
    // A quarter more than needed: one batch is nearly always enough (8 of 256 bytes are dropped).
    for (const byte of random(length + Math.ceil(length / 4))) {
      if (byte >= UNBIASED_BYTE_LIMIT) continue;
      out += BASE62_ALPHABET[byte % BASE62_ALPHABET.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** `secret/creds/app` → `secret/creds/app/<24 base62>` (empty segments dropped, as `path.Join` does). */
export function newLeaseId(fullPath: string): string {
  const segments = fullPath.split('/').filter((segment) => segment !== '');
  return [...segments, randomBase62(LEASE_RANDOM_LENGTH)].join('/');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The name of a lease's record under `core/leases/`: the uuid that ends an id of the earlier
 * `<path>/<uuid>` form (where such records already are), else the sha256 (hex) of the id. Base62
 * has no `-`, so the two forms never meet.
 */
export function leaseStorageName(leaseId: string): string {
  const last = leaseId.slice(leaseId.lastIndexOf('/') + 1);
  if (UUID.test(last)) return last;
  return createHash('sha256').update(leaseId, 'utf8').digest('hex');
}
