/** The passphrase's key derivation (scrypt): its parameters, their bounds, and the derivation. */
import { scrypt as scryptCallback, type ScryptOptions } from 'node:crypto';
import { KEY_BYTES } from './aes-gcm';

export interface KdfParams {
  /** scrypt cost (power of two); memory used is 128 × N × r bytes. */
  N: number;
  r: number;
  p: number;
}

/** 128 MiB and roughly half a second per attempt on a laptop: slow to guess, quick to unseal. */
export const DEFAULT_KDF: KdfParams = { N: 2 ** 17, r: 8, p: 1 };

export async function deriveKey(passphrase: string, salt: Buffer, kdf: KdfParams): Promise<Buffer> {
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

export function checkKdfParams({ N, r, p }: KdfParams): void {
  const powerOfTwo = Number.isInteger(N) && N >= 2 ** 14 && N <= 2 ** 22 && (N & (N - 1)) === 0;
  if (!powerOfTwo || !Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) {
    throw new Error(`scrypt parameters out of range: N=${N} r=${r} p=${p} (N a power of two in 2^14..2^22)`);
  }
}
