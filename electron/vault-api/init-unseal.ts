/**
 * `sys/init` and `sys/unseal` in Vault's shapes over Strongroom's one passphrase. Init takes
 * Strongroom's `{"passphrase": "…"}`, or Vault's `{"secret_shares": 1, "secret_threshold": 1}`:
 * then a random 32-byte key is generated, its hex is the passphrase, and it is returned as the one
 * unseal key (`keys` in hex, `keys_base64`), so `bao operator init -key-shares=1 -key-threshold=1`
 * and `bao operator unseal KEY` work. Unseal takes the passphrase, or that key in either form.
 */
import { randomBytes } from 'node:crypto';
import { ApiFailure } from './error-reply';

export interface InitPlan {
  passphrase: string;
  /** The generated unseal key (Vault's form only). */
  key: Buffer | null;
}

const KEY_BYTES = 32;

/** What an init body asks for; 400 (with what to send instead) for anything else. */
export function planInit(body: Record<string, unknown>): InitPlan {
  const { passphrase } = body;
  if (passphrase !== undefined) {
    if (typeof passphrase !== 'string' || passphrase === '') throw new ApiFailure(400, '"passphrase" must be a non-empty string (at least 12 characters).');
    return { passphrase, key: null };
  }
  const shares = body['secret_shares'];
  const threshold = body['secret_threshold'];
  if (shares === undefined && threshold === undefined) {
    throw new ApiFailure(400, 'Send {"passphrase": "…"} (at least 12 characters), or {"secret_shares": 1, "secret_threshold": 1} for one generated unseal key (`bao operator init -key-shares=1 -key-threshold=1`).');
  }
  if (Number(shares) !== 1 || Number(threshold) !== 1) {
    throw new ApiFailure(400, `Strongroom has one unseal key, not ${String(shares ?? '?')} shares with a threshold of ${String(threshold ?? '?')}: use -key-shares=1 -key-threshold=1 (secret_shares 1, secret_threshold 1), or send {"passphrase": "…"}.`);
  }
  for (const field of ['pgp_keys', 'root_token_pgp_key', 'recovery_shares', 'recovery_threshold', 'stored_shares']) {
    const value = body[field];
    if (value !== undefined && value !== null && value !== '' && value !== 0 && !(Array.isArray(value) && value.length === 0)) {
      throw new ApiFailure(400, `"${field}" is not supported: Strongroom has one unseal key and no PGP wrapping; leave it out.`);
    }
  }
  const key = randomBytes(KEY_BYTES);
  return { passphrase: key.toString('hex'), key };
}

/** Vault's init answer: the unseal keys (none for a passphrase) and the root token. */
export function initAnswer(plan: InitPlan, rootToken: string): Record<string, unknown> {
  return {
    keys: plan.key === null ? [] : [plan.key.toString('hex')],
    keys_base64: plan.key === null ? [] : [plan.key.toString('base64')],
    root_token: rootToken,
  };
}

/**
 * The passphrases an unseal `key` may stand for, most likely first: the text as typed, then (for a
 * generated key given in base64 or upper-case hex) its lower-case hex.
 */
export function unsealPassphrases(key: string): string[] {
  const candidates = [key];
  if (/^[0-9a-fA-F]{64}$/.test(key) && key !== key.toLowerCase()) candidates.push(key.toLowerCase());
  if (/^[A-Za-z0-9+/]{43}=$/.test(key)) {
    const bytes = Buffer.from(key, 'base64');
    if (bytes.length === KEY_BYTES) candidates.push(bytes.toString('hex'));
  }
  return candidates;
}
