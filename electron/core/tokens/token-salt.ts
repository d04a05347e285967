/**
 * The install's token salt: token ids and accessors are stored and looked up only as
 * HMAC-SHA256(salt, value) (Vault's `SaltID`), so neither the barrier's plain-text key paths nor a
 * decrypted record ever holds a token id. The 32-byte salt is made at first unseal and kept in the
 * barrier (`core/tokens/salt`), like the audit key; it is zeroed when sealing.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Storage } from '../../storage';

const SALT_PATH = 'core/tokens/salt';

export class TokenSalt {
  private constructor(private readonly key: Buffer) {}

  static load(storage: Storage): TokenSalt {
    let key = storage.get(SALT_PATH);
    if (key === undefined) {
      key = randomBytes(32);
      storage.put(SALT_PATH, key);
    }
    return new TokenSalt(Buffer.from(key));
  }

  /** Hex HMAC of a token id or accessor. */
  hash(value: string): string {
    return createHmac('sha256', this.key).update(value, 'utf8').digest('hex');
  }

  /** Whether two hashes (hex) are equal, compared in constant time. */
  static same(actual: string, expected: string): boolean {
    const a = Buffer.from(actual, 'hex');
    const b = Buffer.from(expected, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  destroy(): void {
    this.key.fill(0);
  }
}
