/**
 * AES-256-GCM with a random 96-bit nonce, as one small primitive shared by the barrier (values),
 * the keyring record and the wrapped root key. Layout of a sealed box: nonce(12) ‖ ciphertext ‖ tag(16).
 * The associated data is authenticated but not stored: the caller supplies it again to open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const BOX_OVERHEAD = NONCE_BYTES + TAG_BYTES;

// Nonces are drawn from the CSPRNG a thousand at a time: one randomBytes call costs about as much
// as the encryption itself. Every slice is used once; nonces are not secret.
const NONCES_PER_DRAW = 1024;
let noncePool = Buffer.alloc(0);
let noncePoolOffset = 0;

function writeNonce(out: Buffer, offset: number): Buffer {
  if (noncePoolOffset + NONCE_BYTES > noncePool.length) {
    noncePool = randomBytes(NONCE_BYTES * NONCES_PER_DRAW);
    noncePoolOffset = 0;
  }
  noncePool.copy(out, offset, noncePoolOffset, noncePoolOffset + NONCE_BYTES);
  noncePoolOffset += NONCE_BYTES;
  return out.subarray(offset, offset + NONCE_BYTES);
}

/** Encrypts `plaintext` into `out` starting at `offset`, which must leave BOX_OVERHEAD + length bytes. */
export function sealInto(
  key: Buffer,
  plaintext: Uint8Array,
  aad: Uint8Array,
  out: Buffer,
  offset: number,
): void {
  const cipher = createCipheriv('aes-256-gcm', key, writeNonce(out, offset));
  cipher.setAAD(aad);
  const body = cipher.update(plaintext);
  body.copy(out, offset + NONCE_BYTES);
  // GCM is a stream mode: final() never returns bytes, the whole ciphertext came from update().
  cipher.final();
  cipher.getAuthTag().copy(out, offset + NONCE_BYTES + body.length);
}

export function sealBox(key: Buffer, plaintext: Uint8Array, aad: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(BOX_OVERHEAD + plaintext.length);
  sealInto(key, plaintext, aad, out, 0);
  return out;
}

/** Returns the plaintext, or `undefined` when the box fails authentication (wrong key, AAD or bytes). */
export function openBox(key: Buffer, box: Uint8Array, aad: Uint8Array): Buffer | undefined {
  if (box.length < BOX_OVERHEAD) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', key, box.subarray(0, NONCE_BYTES));
  decipher.setAAD(aad);
  decipher.setAuthTag(box.subarray(box.length - TAG_BYTES));
  const plaintext = decipher.update(box.subarray(NONCE_BYTES, box.length - TAG_BYTES));
  try {
    decipher.final();
  } catch {
    plaintext.fill(0);
    return undefined;
  }
  return plaintext;
}
