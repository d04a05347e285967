/**
 * AES-256-GCM on node:crypto: the fallback when the native module (native-aead/) is not built.
 * Same boxes, byte for byte, as the native one. Each call sets a fresh OpenSSL context up, which is
 * most of its cost for small values (see aes-gcm.ts).
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { AesGcmKeyImplementation } from './aes-gcm-native';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class NodeAesGcmKey implements AesGcmKeyImplementation {
  private readonly key: Buffer;
  private destroyed = false;

  constructor(key: Buffer) {
    this.key = Buffer.from(key); // our own copy, so destroy() can zero it
  }

  sealInto(plaintext: Uint8Array, aad: Uint8Array, out: Buffer, offset: number): void {
    const cipher = createCipheriv('aes-256-gcm', this.liveKey(), out.subarray(offset, offset + NONCE_BYTES));
    cipher.setAAD(aad);
    const body = cipher.update(plaintext);
    body.copy(out, offset + NONCE_BYTES);
    // GCM is a stream mode: final() never returns bytes, the whole ciphertext came from update().
    cipher.final();
    cipher.getAuthTag().copy(out, offset + NONCE_BYTES + body.length);
  }

  openInto(sealed: Buffer, offset: number, aad: Uint8Array, out: Buffer): boolean {
    const tagAt = sealed.length - TAG_BYTES;
    const decipher = createDecipheriv('aes-256-gcm', this.liveKey(), sealed.subarray(offset, offset + NONCE_BYTES));
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(tagAt));
    const plaintext = decipher.update(sealed.subarray(offset + NONCE_BYTES, tagAt));
    try {
      decipher.final();
    } catch {
      plaintext.fill(0);
      return false;
    }
    plaintext.copy(out);
    plaintext.fill(0);
    return true;
  }

  destroy(): void {
    this.key.fill(0);
    this.destroyed = true;
  }

  private liveKey(): Buffer {
    if (this.destroyed) throw new Error('this key was destroyed (the storage was sealed)');
    return this.key;
  }
}
