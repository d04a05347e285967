/**
 * The keyring, shared with the callback thread (plugin-host's worker that serves a plugin's storage
 * calls with its own connection to the file). The main thread is the only writer: every change of
 * the keyring (init, unseal, rotate, seal, close) is published here at once, and the worker reads
 * it before each storage call, so a sealed store refuses the worker's very next call and a rotated
 * keyring seals the worker's next write under the new term — no message has to arrive first.
 *
 * Layout of the SharedArrayBuffer: seq(i32) ‖ length(i32) ‖ sha256 of the record (32 bytes) ‖ the
 * keyring's plaintext record (`Keyring.serialize()`). `seq` is a sequence lock: odd while the
 * writer changes the record, so a reader that saw it change retries. The record itself is copied
 * with plain reads, which a weakly ordered CPU (ARM64) may complete after the second seq check, so
 * the reader also checks the copy against its sha256 and retries on a mismatch: a torn copy never
 * becomes the worker's keys. Length 0 = no keys (sealed); the bytes are zeroed on every change, so
 * sealing leaves no key in the shared memory either.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Keyring } from './keyring';
import { StorageError } from './errors';

const DIGEST_BYTES = 32;
const HEADER_BYTES = 8 + DIGEST_BYTES;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();
/** Room for ~23,000 key terms (44 bytes each); the pages are only touched as far as they are used. */
const CAPACITY_BYTES = 1 << 20;
/** `length` when the keyring outgrew the mirror (the worker then refuses with advice). */
const TOO_LARGE = -1;
const MAX_READ_ATTEMPTS = 100_000;

export class KeyringMirror {
  readonly buffer = new SharedArrayBuffer(HEADER_BYTES + CAPACITY_BYTES);
  private readonly header = new Int32Array(this.buffer, 0, 2);
  private readonly digest = new Uint8Array(this.buffer, 8, DIGEST_BYTES);
  private readonly data = new Uint8Array(this.buffer, HEADER_BYTES);
  private usedBytes = 0;

  /** Replaces the shared copy with `keyring`'s keys, or wipes it (`undefined`: sealed). */
  publish(keyring: Keyring | undefined): void {
    const plain = keyring?.serialize();
    Atomics.add(this.header, 0, 1);
    this.data.fill(0, 0, this.usedBytes);
    this.digest.fill(0);
    let length = 0;
    if (plain !== undefined && plain.length <= CAPACITY_BYTES) {
      this.data.set(plain);
      this.digest.set(sha256(plain));
      length = plain.length;
    } else if (plain !== undefined) {
      length = TOO_LARGE;
    }
    this.usedBytes = Math.max(length, 0);
    Atomics.store(this.header, 1, length);
    Atomics.add(this.header, 0, 1);
    plain?.fill(0);
  }
}

/** The worker's side: a private Keyring rebuilt whenever the shared copy changed. */
export class MirroredKeyring {
  private readonly header: Int32Array;
  private readonly digest: Uint8Array;
  private readonly data: Uint8Array;
  private seenSeq = -1;
  private keyring: Keyring | undefined;

  constructor(buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, 2);
    this.digest = new Uint8Array(buffer, 8, DIGEST_BYTES);
    this.data = new Uint8Array(buffer, HEADER_BYTES);
  }

  /** The keys as the main thread has them now; `undefined` while sealed. One atomic read when unchanged. */
  current(): Keyring | undefined {
    if (Atomics.load(this.header, 0) === this.seenSeq) return this.keyring;
    for (let attempt = 0; ; attempt++) {
      // A writer takes µs; this many retries means the shared record is damaged, not being written.
      if (attempt === MAX_READ_ATTEMPTS) throw keyringUnreadable();
      const before = Atomics.load(this.header, 0);
      if ((before & 1) === 1) continue; // the writer is mid-change (a few µs at most)
      const length = Atomics.load(this.header, 1);
      const copy = length > 0 ? Buffer.from(this.data.subarray(0, length)) : undefined;
      const digest = copy === undefined ? undefined : Buffer.from(this.digest);
      if (Atomics.load(this.header, 0) !== before || (copy !== undefined && !timingSafeEqual(sha256(copy), digest!))) {
        copy?.fill(0);
        continue;
      }
      this.keyring?.destroy();
      this.keyring = undefined;
      try {
        if (length === TOO_LARGE) throw keyringTooLarge();
        if (copy !== undefined) this.keyring = Keyring.parse(copy);
      } finally {
        copy?.fill(0);
      }
      this.seenSeq = before;
      return this.keyring;
    }
  }

  /** Zeroes the worker's keys (its store is closing). */
  destroy(): void {
    this.keyring?.destroy();
    this.keyring = undefined;
    this.seenSeq = -1;
  }
}

function keyringUnreadable(): StorageError {
  return new StorageError(
    'sealed',
    "The callback thread could not read a consistent copy of the keyring, so it cannot serve plugin storage. " +
      'Unset STRONGROOM_CALLBACK_THREAD (or set it to 0) and restart Strongroom to serve plugin storage on the main thread.',
  );
}

function keyringTooLarge(): StorageError {
  return new StorageError(
    'sealed',
    'The keyring has more key terms than the callback thread can hold, so it cannot serve plugin storage. ' +
      'Unset STRONGROOM_CALLBACK_THREAD (or set it to 0) and restart Strongroom to serve plugin storage on the main thread.',
  );
}
