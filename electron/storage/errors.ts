/**
 * Named storage errors. Every failure that leaves `electron/storage/` carries a stable code from
 * the one registry (`proto/wire/error-codes.ts`, raised by `storage`: what each means is written
 * there) and a message that says what to do next; the core passes them on as `{code, message,
 * detail}` unchanged. `invalid_storage_key`, `sealed` and `corrupt` are the same codes the plugin
 * host relays through its storage port, so a refusal reads the same on both sides.
 */
import { CodedError } from '../../proto/wire/coded-error';
import type { ErrorCodeOf } from '../../proto/wire/error-codes';

export type StorageErrorCode = ErrorCodeOf<'storage'>;

export class StorageError extends CodedError<StorageErrorCode> {
  override readonly name = 'StorageError';
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
