import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The app's version from package.json, read once. */
export function appVersion(): string {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    cached = pkg.version;
  }
  return cached;
}
