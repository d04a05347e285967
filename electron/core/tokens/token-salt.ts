/**
 * The install's token salt: token ids and accessors are stored and looked up only as
 * HMAC-SHA256(salt, value) (Vault's `SaltID`), so neither the barrier's plain-text key paths nor a
 * decrypted record ever holds a token id. The 32-byte salt is made at first unseal and kept in the
 * barrier (`core/tokens/salt`), like the audit key; it is zeroed when sealing.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Storage } from '../../storage';
import { HmacMemo } from '../hmac-memo';

const SALT_PATH = 'core/tokens/salt';

export class TokenSalt {
  private readonly memo: HmacMemo;

  private constructor(private readonly key: Buffer) {
    this.memo = new HmacMemo(key);
  }

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
    return this.memo.hex(value);
  }

  /** Whether two hashes (hex) are equal, compared in constant time. */
  static same(actual: string, expected: string): boolean {
    const a = Buffer.from(actual, 'hex');
    const b = Buffer.from(expected, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  destroy(): void {
    this.memo.destroy();
    this.key.fill(0);
  }
}
