/** The checks a new passphrase gets before it is sent (the storage enforces the same minimum). */
export const MIN_PASSPHRASE_LENGTH = 12;

/** What is wrong with a new passphrase typed twice, or `undefined` when nothing is. */
export function newPassphraseProblem(passphrase: string, confirm: string): string | undefined {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) return `The passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`;
  if (passphrase !== confirm) return 'The two passphrases do not match. Type the same passphrase twice.';
  return undefined;
}
