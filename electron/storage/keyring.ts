/**
 * The keyring: numbered key terms for the barrier. New writes use the active (newest) term; values
 * written under older terms still decrypt, because every ciphertext names its term. Rotation adds
 * a term; terms are never removed, so nothing written earlier becomes unreadable.
 *
 * The keyring is stored as one record encrypted under the root key (see seal.ts). Its plaintext
 * layout is binary so key bytes only ever live in Buffers we can zero:
 *   version(1) ‖ activeTerm(u32) ‖ count(u32) ‖ count × [term(u32) ‖ installedAtMs(f64) ‖ key(32)]
 */
import { randomBytes } from 'node:crypto';
import { AeadKey, KEY_BYTES } from './aes-gcm';
import { StorageError } from './errors';

const FORMAT_VERSION = 1;
const HEADER_BYTES = 1 + 4 + 4;
const TERM_BYTES = 4 + 8 + KEY_BYTES;

export interface KeyTermInfo {
  term: number;
  installedAt: Date;
}

interface KeyTerm {
  term: number;
  installedAtMs: number;
  /** The raw key, kept for serialize(); zeroed by destroy(). */
  key: Buffer;
  /** The same key, ready to seal and open (expanded once). */
  aead: AeadKey;
}

function keyTerm(term: number, installedAtMs: number, key: Buffer): KeyTerm {
  return { term, installedAtMs, key, aead: new AeadKey(key) };
}

export class Keyring {
  private constructor(
    private readonly terms: Map<number, KeyTerm>,
    private active: KeyTerm,
  ) {}

  /** A fresh keyring with term 1. */
  static create(): Keyring {
    const first = keyTerm(1, Date.now(), randomBytes(KEY_BYTES));
    return new Keyring(new Map([[1, first]]), first);
  }

  static parse(plain: Buffer): Keyring {
    const invalid = () =>
      new StorageError(
        'corrupt',
        'The keyring record is malformed. Restore the data directory from a backup.',
      );
    if (plain.length < HEADER_BYTES || plain.readUInt8(0) !== FORMAT_VERSION) throw invalid();
    const activeTerm = plain.readUInt32BE(1);
    const count = plain.readUInt32BE(5);
    if (plain.length !== HEADER_BYTES + count * TERM_BYTES) throw invalid();
    const terms = new Map<number, KeyTerm>();
    for (let i = 0; i < count; i++) {
      const at = HEADER_BYTES + i * TERM_BYTES;
      const key = Buffer.alloc(KEY_BYTES);
      plain.copy(key, 0, at + 12, at + 12 + KEY_BYTES);
      const term = plain.readUInt32BE(at);
      terms.set(term, keyTerm(term, plain.readDoubleBE(at + 4), key));
    }
    const active = terms.get(activeTerm);
    if (active === undefined) throw invalid();
    return new Keyring(terms, active);
  }

  /** The plaintext record; the caller encrypts it and zeroes it. */
  serialize(): Buffer {
    const out = Buffer.alloc(HEADER_BYTES + this.terms.size * TERM_BYTES);
    out.writeUInt8(FORMAT_VERSION, 0);
    out.writeUInt32BE(this.active.term, 1);
    out.writeUInt32BE(this.terms.size, 5);
    let at = HEADER_BYTES;
    for (const t of this.terms.values()) {
      out.writeUInt32BE(t.term, at);
      out.writeDoubleBE(t.installedAtMs, at + 4);
      t.key.copy(out, at + 12);
      at += TERM_BYTES;
    }
    return out;
  }

  get activeTerm(): number {
    return this.active.term;
  }

  get activeKey(): AeadKey {
    return this.active.aead;
  }

  keyFor(term: number): AeadKey | undefined {
    return this.terms.get(term)?.aead;
  }

  /** A copy with one more term, made active. The copy shares no key Buffers with this keyring. */
  withNewTerm(): Keyring {
    const terms = new Map<number, KeyTerm>();
    for (const t of this.terms.values()) terms.set(t.term, keyTerm(t.term, t.installedAtMs, Buffer.from(t.key)));
    const next = keyTerm(Math.max(...terms.keys()) + 1, Date.now(), randomBytes(KEY_BYTES));
    terms.set(next.term, next);
    return new Keyring(terms, next);
  }

  describe(): KeyTermInfo[] {
    return [...this.terms.values()].map((t) => ({
      term: t.term,
      installedAt: new Date(t.installedAtMs),
    }));
  }

  /** Zeroes every key; the keyring is unusable afterwards. */
  destroy(): void {
    for (const t of this.terms.values()) {
      t.key.fill(0);
      t.aead.destroy();
    }
    this.terms.clear();
  }
}
