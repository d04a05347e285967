/**
 * AES-256-GCM with a random 96-bit nonce, the one primitive behind the barrier (values), the
 * keyring record and the wrapped root key. Layout of a sealed box: nonce(12) ‖ ciphertext ‖ tag(16).
 * The associated data is authenticated but not stored: the caller supplies it again to open.
 *
 * Two implementations make the same boxes: the native module (RustCrypto's aes-gcm, the key
 * expanded once per AeadKey) and node:crypto, whose per-call cipher set-up makes a 128-byte value
 * cost about 10× as much (3 µs against 0.3 µs, bench/storage.ts). The native one is used whenever
 * it is built.
 */
import { randomBytes } from 'node:crypto';
import { NodeAesGcmKey } from './aes-gcm-node';
import { loadNativeAesGcm, type AesGcmKeyImplementation } from './aes-gcm-native';

export const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const BOX_OVERHEAD = NONCE_BYTES + TAG_BYTES;

const native = loadNativeAesGcm();

/** Which implementation this process uses, and why not the native one when it is not. */
export const aesGcmImplementation: { name: 'native' | 'node:crypto'; problem?: string } = native.loaded
  ? { name: 'native' }
  : { name: 'node:crypto', problem: native.problem };

// Nonces are drawn from the CSPRNG a thousand at a time: one randomBytes call costs more than
// sealing a small value. Every slice is used once; nonces are not secret.
const NONCES_PER_DRAW = 1024;
let noncePool = Buffer.alloc(0);
let noncePoolOffset = 0;

function writeNonce(out: Buffer, offset: number): void {
  if (noncePoolOffset + NONCE_BYTES > noncePool.length) {
    noncePool = randomBytes(NONCE_BYTES * NONCES_PER_DRAW);
    noncePoolOffset = 0;
  }
  noncePool.copy(out, offset, noncePoolOffset, noncePoolOffset + NONCE_BYTES);
  noncePoolOffset += NONCE_BYTES;
}

/** One AES-256 key ready for use; `destroy()` zeroes it (the keyring does so when sealing). */
export class AeadKey {
  private readonly implementation: AesGcmKeyImplementation;

  /** Copies `key`; the caller may zero its own Buffer afterwards. */
  constructor(key: Buffer, use: 'native' | 'node:crypto' = aesGcmImplementation.name) {
    if (key.length !== KEY_BYTES) throw new Error(`an AES-256 key is ${KEY_BYTES} bytes, got ${key.length}`);
    this.implementation = use === 'native' && native.loaded ? new native.AesGcmKey(key) : new NodeAesGcmKey(key);
  }

  /** Encrypts `plaintext` into `out` at `offset`, which must leave exactly BOX_OVERHEAD + length bytes. */
  sealInto(plaintext: Uint8Array, aad: Uint8Array, out: Buffer, offset: number): void {
    writeNonce(out, offset);
    this.implementation.sealInto(plaintext, aad, out, offset);
  }

  /** The plaintext of the box `stored[offset..]`, or `undefined` when it fails authentication. */
  open(stored: Buffer, offset: number, aad: Uint8Array): Buffer | undefined {
    const length = stored.length - offset - BOX_OVERHEAD;
    if (length < 0) return undefined;
    const out = Buffer.allocUnsafe(length);
    return this.implementation.openInto(stored, offset, aad, out) ? out : undefined;
  }

  destroy(): void {
    this.implementation.destroy();
  }
}

/** Seals with a key used once (the root key, the passphrase-derived key). */
export function sealBox(key: Buffer, plaintext: Uint8Array, aad: Uint8Array): Buffer {
  const aead = new AeadKey(key);
  try {
    const out = Buffer.allocUnsafe(BOX_OVERHEAD + plaintext.length);
    aead.sealInto(plaintext, aad, out, 0);
    return out;
  } finally {
    aead.destroy();
  }
}

/** Opens with a key used once; `undefined` when the box fails authentication. */
export function openBox(key: Buffer, box: Buffer, aad: Uint8Array): Buffer | undefined {
  const aead = new AeadKey(key);
  try {
    return aead.open(box, 0, aad);
  } finally {
    aead.destroy();
  }
}
