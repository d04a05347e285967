/** A catalog name from a binary's file name: `vault-plugin-secrets-kv_v0.25.0` → `vault-plugin-secrets-kv`. */
export function guessName(fileName: string): string {
  return fileName.replace(/\.(exe)$/i, '').replace(/[_-]v?\d+\.\d+\.\d+.*$/, '');
}
