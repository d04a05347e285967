/**
 * Seal state: the passphrase unwraps the root key, the root key decrypts the keyring, the keyring
 * encrypts values. Sealed means none of these keys is in memory: the Buffers are zeroed and
 * dropped, and every storage call answers `sealed`.
 *
 * The root key is wrapped (AES-256-GCM) by a key derived from the passphrase with scrypt. The scrypt
 * parameters and salt are stored beside the wrapped key, so a later build can raise them: the next
 * `changePassphrase` re-wraps with whatever parameters are configured then.
 *
 * Limits: the passphrase arrives as a JS string, which cannot be zeroed; we only copy it into a
 * Buffer we zero. Node's crypto copies keys into OpenSSL contexts that we cannot wipe either.
 */
import { randomBytes } from 'node:crypto';
import { KEY_BYTES, openBox, sealBox } from './aes-gcm';
import type { StorageDatabase } from './database';
import { sealedError, StorageError } from './errors';
import { Keyring } from './keyring';
import type { KeyringMirror } from './keyring-mirror';
import { checkKdfParams, DEFAULT_KDF, deriveKey, type KdfParams } from './seal-kdf';

export { DEFAULT_KDF, type KdfParams } from './seal-kdf';

export const MIN_PASSPHRASE_LENGTH = 12;

export interface SealStatus {
  initialized: boolean;
  sealed: boolean;
  /** The term new writes are encrypted with (only while unsealed). */
  activeKeyTerm?: number;
  /** When that term was created (only while unsealed). */
  activeKeyInstalledAt?: Date;
  /** The KDF parameters the stored root key is wrapped with. */
  kdf?: { algorithm: 'scrypt' } & KdfParams;
}

interface SealRecord {
  format: 1;
  kdf: { algorithm: 'scrypt'; salt: string } & KdfParams;
  wrappedRootKey: string;
  createdAt: string;
}

const SEAL_META = 'seal';
const KEYRING_META = 'keyring';
const ROOT_KEY_AAD = Buffer.from('strongroom:root-key:v1');
const KEYRING_AAD = Buffer.from('strongroom:keyring:v1');

interface Unsealed {
  rootKey: Buffer;
  keyring: Keyring;
}

export class Seal {
  private unsealed: Unsealed | undefined;
  /**
   * The seal record as this process last read or wrote it, used only while unsealed: `status()` is
   * asked on every request, and reading and parsing the row each time was a measurable part of one.
   * Every writer of the record here refreshes it (init, changePassphrase), unseal reads the file
   * afresh and keeps what it used, seal() drops it. Another process on the same file (no lock keeps
   * one out) could re-wrap the root key meanwhile: only what `status()` reports of the KDF would be
   * stale, as this process's keys are; init, unseal and changePassphrase always read the file.
   */
  private cachedRecord: SealRecord | undefined;
  /** Bumped by every seal(), so an unseal still deriving its key when seal() is called cannot win. */
  private sealCount = 0;

  constructor(
    private readonly db: StorageDatabase,
    private readonly kdf: KdfParams = DEFAULT_KDF,
    /** Every change of the keys is published to it at once (the callback thread's copy). */
    private readonly mirror?: KeyringMirror,
  ) {
    checkKdfParams(kdf);
  }

  status(): SealStatus {
    const record = this.unsealed !== undefined && this.cachedRecord !== undefined ? this.cachedRecord : this.readRecord();
    if (record === undefined) return { initialized: false, sealed: true };
    const { algorithm, N, r, p } = record.kdf;
    const status: SealStatus = { initialized: true, sealed: this.unsealed === undefined, kdf: { algorithm, N, r, p } };
    if (this.unsealed !== undefined) {
      const { keyring } = this.unsealed;
      status.activeKeyTerm = keyring.activeTerm;
      status.activeKeyInstalledAt = keyring.describe().find((t) => t.term === keyring.activeTerm)?.installedAt;
    }
    return status;
  }

  /** Chooses the passphrase for a new data directory, creates the keys and leaves storage unsealed. */
  async init(passphrase: string): Promise<void> {
    if (this.readRecord() !== undefined) throw alreadyInitialized();
    checkPassphraseStrength(passphrase);
    const sealCount = this.sealCount;
    const rootKey = randomBytes(KEY_BYTES);
    const keyring = Keyring.create();
    let record: SealRecord;
    try {
      record = await wrapRootKey(rootKey, passphrase, this.kdf);
      const keyringPlain = keyring.serialize();
      const keyringBox = sealBox(rootKey, keyringPlain, KEYRING_AAD);
      keyringPlain.fill(0);
      this.db.transaction(() => {
        // Checked again: another init may have finished while scrypt ran.
        if (this.readRecord() !== undefined) throw alreadyInitialized();
        this.db.putMeta(SEAL_META, Buffer.from(JSON.stringify(record)));
        this.db.putMeta(KEYRING_META, keyringBox);
      });
    } catch (error) {
      rootKey.fill(0);
      keyring.destroy();
      throw error;
    }
    if (this.sealCount !== sealCount) {
      // Sealed while scrypt ran: initialised, but the keys are dropped as seal() asked.
      rootKey.fill(0);
      keyring.destroy();
      return;
    }
    this.setUnsealed({ rootKey, keyring });
    this.cachedRecord = record;
  }

  /** Unwraps the root key and loads the keyring. Already unsealed: nothing to do (as in Vault). */
  async unseal(passphrase: string): Promise<void> {
    if (this.unsealed !== undefined) return;
    const sealCount = this.sealCount;
    const { rootKey, record } = await this.unwrapRootKey(passphrase);
    if (this.sealCount !== sealCount) {
      rootKey.fill(0);
      throw new StorageError('sealed', 'Storage was sealed while this unseal was in progress; unseal again.');
    }
    if (this.unsealed !== undefined) {
      rootKey.fill(0); // a concurrent unseal finished first
      return;
    }
    try {
      this.setUnsealed({ rootKey, keyring: this.loadKeyring(rootKey) });
      this.cachedRecord = record;
    } catch (error) {
      rootKey.fill(0);
      throw error;
    }
  }

  /** Zeroes and drops every key. Safe to call when already sealed. */
  seal(): void {
    this.sealCount++;
    this.cachedRecord = undefined;
    if (this.unsealed === undefined) return;
    this.unsealed.rootKey.fill(0);
    this.unsealed.keyring.destroy();
    this.setUnsealed(undefined);
  }

  private setUnsealed(unsealed: Unsealed | undefined): void {
    this.unsealed = unsealed;
    this.mirror?.publish(unsealed?.keyring);
  }

  /** The keyring, for the barrier; throws `sealed` (or `not_initialized`) when there is none. */
  keyring(): Keyring {
    if (this.unsealed !== undefined) return this.unsealed.keyring;
    if (this.readRecord() === undefined) throw notInitialized();
    throw sealedError();
  }

  /** Adds a key term used for new writes from now on; older terms keep decrypting. */
  rotate(): number {
    const current = this.keyring();
    const { rootKey } = this.unsealed!;
    const next = current.withNewTerm();
    const plain = next.serialize();
    try {
      this.db.putMeta(KEYRING_META, sealBox(rootKey, plain, KEYRING_AAD));
    } catch (error) {
      next.destroy();
      throw error;
    } finally {
      plain.fill(0);
    }
    this.setUnsealed({ rootKey, keyring: next });
    current.destroy();
    return next.activeTerm;
  }

  /** Re-wraps the root key under a new passphrase (and the KDF parameters configured now). */
  async changePassphrase(current: string, next: string): Promise<void> {
    checkPassphraseStrength(next);
    const { rootKey } = await this.unwrapRootKey(current);
    try {
      const record = await wrapRootKey(rootKey, next, this.kdf);
      this.db.putMeta(SEAL_META, Buffer.from(JSON.stringify(record)));
      // Sealed meanwhile: nothing to keep (the next unseal reads the file).
      if (this.unsealed !== undefined) this.cachedRecord = record;
    } finally {
      rootKey.fill(0);
    }
  }

  /** Always from the file (not the cache): the record it returns is the one the key came from. */
  private async unwrapRootKey(passphrase: string): Promise<{ rootKey: Buffer; record: SealRecord }> {
    const record = this.readRecord();
    if (record === undefined) throw notInitialized();
    const kek = await deriveKey(passphrase, Buffer.from(record.kdf.salt, 'base64'), record.kdf);
    const rootKey = openBox(kek, Buffer.from(record.wrappedRootKey, 'base64'), ROOT_KEY_AAD);
    kek.fill(0);
    if (rootKey === undefined) {
      throw new StorageError(
        'wrong_passphrase',
        'That passphrase does not unseal this storage. Check it (and the keyboard layout) and try ' +
          'again; nothing was changed.',
      );
    }
    return { rootKey, record };
  }

  private loadKeyring(rootKey: Buffer): Keyring {
    const box = this.db.getMeta(KEYRING_META);
    const plain = box === undefined ? undefined : openBox(rootKey, box, KEYRING_AAD);
    if (plain === undefined) {
      throw new StorageError(
        'corrupt',
        'The keyring record is missing or fails its integrity check, so stored values cannot be ' +
          'decrypted. Restore the data directory from a backup.',
      );
    }
    try {
      return Keyring.parse(plain);
    } finally {
      plain.fill(0);
    }
  }

  private readRecord(): SealRecord | undefined {
    const raw = this.db.getMeta(SEAL_META);
    if (raw === undefined) return undefined;
    try {
      const record = JSON.parse(raw.toString('utf8')) as SealRecord;
      if (record.format !== 1 || record.kdf.algorithm !== 'scrypt') throw new Error('unknown format');
      checkKdfParams(record.kdf);
      return record;
    } catch (error) {
      throw new StorageError(
        'corrupt',
        `The seal record (wrapped root key) is unreadable: ${(error as Error).message}. Restore ` +
          'the data directory from a backup.',
      );
    }
  }
}

async function wrapRootKey(rootKey: Buffer, passphrase: string, kdf: KdfParams): Promise<SealRecord> {
  const salt = randomBytes(16);
  const kek = await deriveKey(passphrase, salt, kdf);
  try {
    return {
      format: 1,
      kdf: { algorithm: 'scrypt', N: kdf.N, r: kdf.r, p: kdf.p, salt: salt.toString('base64') },
      wrappedRootKey: sealBox(kek, rootKey, ROOT_KEY_AAD).toString('base64'),
      createdAt: new Date().toISOString(),
    };
  } finally {
    kek.fill(0);
  }
}

function checkPassphraseStrength(passphrase: string): void {
  if (Array.from(passphrase.trim()).length < MIN_PASSPHRASE_LENGTH) {
    throw new StorageError(
      'weak_passphrase',
      `Choose a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters; a few unrelated words ` +
        'are easy to remember and hard to guess.',
      { minLength: MIN_PASSPHRASE_LENGTH },
    );
  }
}

function alreadyInitialized(): StorageError {
  return new StorageError(
    'already_initialized',
    'This data directory already has a passphrase: unseal it instead, or choose another data directory.',
  );
}

export function notInitialized(): StorageError {
  return new StorageError(
    'not_initialized',
    'No passphrase has been chosen for this data directory yet: initialise it first.',
  );
}
