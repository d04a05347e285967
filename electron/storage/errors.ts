/**
 * Named storage errors. Every failure that leaves `electron/storage/` carries one of these stable
 * codes and a message that says what to do next; the core passes them on as `{code, message,
 * detail}` unchanged. `invalid_storage_key` is spelled as the plugin host's code of the same
 * name, so a refusal reads the same on both sides of the storage port.
 */
export const STORAGE_ERROR_CODES = [
  /** The store is sealed: no key is in memory, so nothing can be read or written. */
  'sealed',
  /** No passphrase has been chosen yet for this data directory. */
  'not_initialized',
  /** `init` was called on a data directory that already has a passphrase. */
  'already_initialized',
  /** The passphrase did not unwrap the root key. Nothing was changed. */
  'wrong_passphrase',
  /** The chosen passphrase is too short to resist guessing. */
  'weak_passphrase',
  /** A stored value or key record failed its integrity check (tampered, truncated or moved). */
  'corrupt',
  /** A plugin's storage key breaks Vault's key rules (contains `..`) or cannot be stored (a lone surrogate). */
  'invalid_storage_key',
  /** A storage path used by the core itself is malformed (a bug in the caller). */
  'invalid_key',
  /** The database was written by a newer Strongroom whose schema this build does not know. */
  'unsupported_schema',
  /** The storage was closed; open it again. */
  'closed',
] as const;

export type StorageErrorCode = (typeof STORAGE_ERROR_CODES)[number];

export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
  }

  toJSON(): { code: StorageErrorCode; message: string; detail?: Record<string, unknown> } {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }
}

export function sealedError(): StorageError {
  return new StorageError(
    'sealed',
    'Storage is sealed: unseal it with your passphrase before reading or writing secrets.',
  );
}

export function corruptValueError(path: string, reason: string): StorageError {
  return new StorageError(
    'corrupt',
    `The stored value at "${path}" cannot be decrypted (${reason}). It was altered, truncated or ` +
      'moved from another path; restore the data directory from a backup or delete this entry.',
    { path },
  );
}
