import { z } from 'zod';

const passphrase = z.string().min(1, 'the passphrase is empty').max(1024);

/**
 * Seal state. While sealed (or not yet initialised) every method except `app.*` and `seal.*`
 * answers the error `sealed` (or `not_initialized`).
 */
export const sealMethods = {
  'seal.status': z.object({}).strict(),
  /** First run: choose the passphrase (≥ 12 characters); leaves Strongroom unsealed. */
  'seal.init': z.object({ passphrase }).strict(),
  /** Errors: `wrong_passphrase` (nothing changed), `not_initialized`. */
  'seal.unseal': z.object({ passphrase }).strict(),
  /** Stops every plugin, forgets every key. */
  'seal.seal': z.object({}).strict(),
} as const;

export interface SealStatusView {
  initialized: boolean;
  sealed: boolean;
  /** Keyring term used for new writes (only while unsealed). */
  activeKeyTerm?: number;
}

export interface SealResults {
  'seal.status': SealStatusView;
  'seal.init': SealStatusView;
  'seal.unseal': SealStatusView;
  'seal.seal': SealStatusView;
}

export interface SealEvents {
  /** After init, unseal and seal. */
  'seal.changed': SealStatusView;
}
