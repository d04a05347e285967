/**
 * Finds and loads the native AES-256-GCM module (native-aead/, built into dist/native by
 * `npm run build:native`, which `npm install` runs). Absent or unloadable, the storage uses
 * node:crypto instead and says why; `STRONGROOM_AEAD=node` chooses node:crypto on purpose (tests
 * compare the two, the bench measures both).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** One key, as both implementations provide it; boxes are `nonce(12) ‖ ciphertext ‖ tag(16)`. */
export interface AesGcmKeyImplementation {
  /** Encrypts into `out[offset..]`, whose first 12 bytes already hold the nonce. */
  sealInto(plaintext: Uint8Array, aad: Uint8Array, out: Buffer, offset: number): void;
  /** Opens `sealed[offset..]` into `out` (its plaintext length); false when authentication fails. */
  openInto(sealed: Buffer, offset: number, aad: Uint8Array, out: Buffer): boolean;
  destroy(): void;
}

interface NativeModule {
  AesGcmKey: new (key: Buffer) => AesGcmKeyImplementation;
}

export const NATIVE_MODULE_FILE = 'strongroom_aead.node';

/** Where the module is, from this file in the source tree and from the bundled main process. */
const CANDIDATES = [
  new URL(`../../dist/native/${NATIVE_MODULE_FILE}`, import.meta.url), // electron/storage/*.ts
  new URL(`../native/${NATIVE_MODULE_FILE}`, import.meta.url), // dist/electron/main.mjs
].map((url) => fileURLToPath(url));

export type NativeAesGcm =
  | { loaded: true; file: string; AesGcmKey: NativeModule['AesGcmKey'] }
  | { loaded: false; problem: string };

export function loadNativeAesGcm(env: NodeJS.ProcessEnv = process.env, candidates: readonly string[] = CANDIDATES): NativeAesGcm {
  if (env.STRONGROOM_AEAD === 'node') return { loaded: false, problem: 'STRONGROOM_AEAD=node chose node:crypto' };
  const file = candidates.find((candidate) => existsSync(candidate));
  if (file === undefined) {
    return { loaded: false, problem: `${NATIVE_MODULE_FILE} is not built (run \`npm run build:native\`; it needs Rust's cargo)` };
  }
  try {
    const module = createRequire(import.meta.url)(file) as Partial<NativeModule>;
    if (typeof module.AesGcmKey !== 'function') return { loaded: false, problem: `${file} has no AesGcmKey class (rebuild it)` };
    return { loaded: true, file, AesGcmKey: module.AesGcmKey };
  } catch (error) {
    return { loaded: false, problem: `${file} did not load (${(error as Error).message}); rebuild it with \`npm run build:native\`` };
  }
}
