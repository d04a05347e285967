/**
 * Audit redaction: every value in request and response bodies is replaced by
 * `hmac-sha256:<hex>` under a per-install key, keys and structure kept. The same value always
 * hashes the same, so a user who knows a value can find where it was used (`audit.hash`),
 * but the log alone reveals none. The key is created at first unseal and kept in the barrier.
 */
import { randomBytes } from 'node:crypto';
import type { Storage } from '../../storage';
import { HmacMemo } from '../hmac-memo';

const KEY_PATH = 'core/audit/hmac-key';
const PREFIX = 'hmac-sha256:';

export class AuditHasher {
  private readonly memo: HmacMemo;

  private constructor(private readonly key: Buffer) {
    // Remembers nothing: the values are secrets from request and response bodies.
    this.memo = new HmacMemo(key, 0);
  }

  /** Loads the install's key from the barrier, creating it on first use. */
  static load(storage: Storage): AuditHasher {
    let key = storage.get(KEY_PATH);
    if (key === undefined) {
      key = randomBytes(32);
      storage.put(KEY_PATH, key);
    }
    return new AuditHasher(Buffer.from(key));
  }

  hash(value: string): string {
    return PREFIX + this.memo.hex(value);
  }

  /** A copy of `value` with every leaf hashed (strings as they are, numbers and booleans as text). */
  redact(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string') return this.hash(value);
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return this.hash(String(value));
    if (Array.isArray(value)) return value.map((item) => this.redact(item));
    if (typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[key] = this.redact(item);
      return out;
    }
    return this.hash(String(value));
  }

  /** Zeroes the key (on seal). */
  destroy(): void {
    this.memo.destroy();
    this.key.fill(0);
  }
}
