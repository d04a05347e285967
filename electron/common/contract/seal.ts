import { z } from 'zod';

const passphrase = z.string().min(1, 'the passphrase is empty').max(1024);

/**
 * Seal state. While sealed (or not yet initialised) every method except `app.*` and `seal.*`
 * answers the error `sealed` (or `not_initialized`).
 */
export const sealMethods = {
  'seal.status': z.object({}).strict(),
  /**
   * First run: choose the passphrase (≥ 12 characters); leaves Strongroom unsealed. The result
   * carries the root token of the Vault API, shown this once (it is stored only salted-hashed).
   */
  'seal.init': z.object({ passphrase }).strict(),
  /** Errors: `wrong_passphrase` (nothing changed), `not_initialized`. */
  'seal.unseal': z.object({ passphrase }).strict(),
  /** Stops every plugin, forgets every key. */
  'seal.seal': z.object({}).strict(),
  /** A new encryption key for new writes (Vault's sys/rotate); older values stay readable. Unsealed only. */
  'seal.rotate': z.object({}).strict(),
  /** Re-wraps the root key under `next` (≥ 12 characters). Errors: `wrong_passphrase` for `current` (nothing changed), `weak_passphrase`. Unsealed only. */
  'seal.changePassphrase': z.object({ current: passphrase, next: passphrase }).strict(),
} as const;

export interface SealStatusView {
  initialized: boolean;
  sealed: boolean;
  /** Keyring term used for new writes, and when it was created (only while unsealed). */
  activeKeyTerm?: number;
  activeKeyInstalledAt?: string;
}

/** `seal.init`'s result: the status, and the root token (`s.…`), which is never shown again. */
export interface InitResult extends SealStatusView {
  rootToken: string;
}

export interface SealResults {
  'seal.status': SealStatusView;
  'seal.init': InitResult;
  'seal.unseal': SealStatusView;
  'seal.seal': SealStatusView;
  'seal.rotate': SealStatusView;
  'seal.changePassphrase': SealStatusView;
}

export interface SealEvents {
  /** After init, unseal, seal and rotate. */
  'seal.changed': SealStatusView;
}
