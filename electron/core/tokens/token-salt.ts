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

  /** Whether `value` hashes to `expected`, compared in constant time. */
  matches(value: string, expected: string): boolean {
    const actual = Buffer.from(this.hash(value), 'hex');
    const wanted = Buffer.from(expected, 'hex');
    return actual.length === wanted.length && timingSafeEqual(actual, wanted);
  }

  destroy(): void {
    this.key.fill(0);
  }
}
