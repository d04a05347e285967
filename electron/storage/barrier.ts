/**
 * The barrier: every value is encrypted with AES-256-GCM before it reaches SQLite and decrypted
 * after it leaves. The path is the associated data, so a ciphertext copied or moved to another
 * path fails to decrypt. Stored layout of a value:
 *   term(u32) ‖ format(1) ‖ nonce(12) ‖ ciphertext ‖ tag(16)
 * The term names the keyring key that sealed it, so rotated keyrings keep old values readable.
 * Paths stay in plain text (as in Vault): they are the index that makes LIST a range scan.
 */
import { BOX_OVERHEAD } from './aes-gcm';
import type { StorageDatabase } from './database';
import { corruptValueError } from './errors';
import type { Keyring } from './keyring';

const FORMAT = 1;
const HEADER_BYTES = 5;

export class Barrier {
  /** `keyring` throws the `sealed` error when no keys are in memory. */
  constructor(
    private readonly db: StorageDatabase,
    private readonly keyring: () => Keyring,
  ) {}

  get(path: string): Buffer | undefined {
    const keyring = this.keyring();
    const stored = this.db.get(path);
    return stored === undefined ? undefined : decryptValue(keyring, path, stored);
  }

  /** Returns once the value's commit has returned (synchronous=FULL: it is on disk). */
  put(path: string, value: Uint8Array): void {
    this.db.put(path, encryptValue(this.keyring(), path, value));
  }

  delete(path: string): void {
    this.keyring();
    this.db.delete(path);
  }

  /** Names directly under `prefix`; sub-folders end with `/`. */
  list(prefix: string): string[] {
    this.keyring();
    return this.db.list(prefix);
  }

  /** Deletes every value whose path starts with `prefix`; returns the count. */
  deletePrefix(prefix: string): number {
    this.keyring();
    return this.db.deletePrefix(prefix);
  }

  /** Runs `fn` as one transaction: all its writes commit together (one sync) or none do. */
  batch<T>(fn: () => T): T {
    this.keyring();
    return this.db.transaction(fn);
  }
}

function encryptValue(keyring: Keyring, path: string, plaintext: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(HEADER_BYTES + BOX_OVERHEAD + plaintext.length);
  out.writeUInt32BE(keyring.activeTerm, 0);
  out.writeUInt8(FORMAT, 4);
  keyring.activeKey.sealInto(plaintext, Buffer.from(path, 'utf8'), out, HEADER_BYTES);
  return out;
}

function decryptValue(keyring: Keyring, path: string, stored: Buffer): Buffer {
  if (stored.length < HEADER_BYTES + BOX_OVERHEAD) throw corruptValueError(path, 'too short');
  const format = stored.readUInt8(4);
  if (format !== FORMAT) throw corruptValueError(path, `unknown format ${format}`);
  const term = stored.readUInt32BE(0);
  const key = keyring.keyFor(term);
  if (key === undefined) throw corruptValueError(path, `key term ${term} is not in the keyring`);
  const plaintext = key.open(stored, HEADER_BYTES, Buffer.from(path, 'utf8'));
  if (plaintext === undefined) throw corruptValueError(path, 'authentication failed');
  return plaintext;
}
