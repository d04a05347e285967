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
import { randomBytes, scrypt as scryptCallback, type ScryptOptions } from 'node:crypto';
import { KEY_BYTES, openBox, sealBox } from './aes-gcm';
import type { StorageDatabase } from './database';
import { sealedError, StorageError } from './errors';
import { Keyring } from './keyring';
import type { KeyringMirror } from './keyring-mirror';

export interface KdfParams {
  /** scrypt cost (power of two); memory used is 128 × N × r bytes. */
  N: number;
  r: number;
  p: number;
}

/** 128 MiB and roughly half a second per attempt on a laptop: slow to guess, quick to unseal. */
export const DEFAULT_KDF: KdfParams = { N: 2 ** 17, r: 8, p: 1 };
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
    const record = this.readRecord();
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
    try {
      const record = await wrapRootKey(rootKey, passphrase, this.kdf);
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
  }

  /** Unwraps the root key and loads the keyring. Already unsealed: nothing to do (as in Vault). */
  async unseal(passphrase: string): Promise<void> {
    if (this.unsealed !== undefined) return;
    const sealCount = this.sealCount;
    const rootKey = await this.unwrapRootKey(passphrase);
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
    } catch (error) {
      rootKey.fill(0);
      throw error;
    }
  }

  /** Zeroes and drops every key. Safe to call when already sealed. */
  seal(): void {
    this.sealCount++;
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
    const rootKey = await this.unwrapRootKey(current);
    try {
      const record = await wrapRootKey(rootKey, next, this.kdf);
      this.db.putMeta(SEAL_META, Buffer.from(JSON.stringify(record)));
    } finally {
      rootKey.fill(0);
    }
  }

  private async unwrapRootKey(passphrase: string): Promise<Buffer> {
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
    return rootKey;
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

async function deriveKey(passphrase: string, salt: Buffer, kdf: KdfParams): Promise<Buffer> {
  // NFC so the same passphrase typed on another keyboard or OS gives the same bytes.
  const secret = Buffer.from(passphrase.normalize('NFC'), 'utf8');
  const options: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 2 ** 20 };
  try {
    return await new Promise<Buffer>((resolve, reject) =>
      scryptCallback(secret, salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))),
    );
  } finally {
    secret.fill(0);
  }
}

function checkKdfParams({ N, r, p }: KdfParams): void {
  const powerOfTwo = Number.isInteger(N) && N >= 2 ** 14 && N <= 2 ** 22 && (N & (N - 1)) === 0;
  if (!powerOfTwo || !Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) {
    throw new Error(`scrypt parameters out of range: N=${N} r=${r} p=${p} (N a power of two in 2^14..2^22)`);
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
