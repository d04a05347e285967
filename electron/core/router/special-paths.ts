/**
 * Vault's special-path patterns (`logical.Paths`): exact, prefix with a trailing `*`, and `+` for
 * exactly one segment. A request's matches are reported with its result: for a personal,
 * single-user store `root` and `unauthenticated` change no access decision, but the UI shows them.
 */
import type { VaultSpecialPaths } from '../../../plugin-host';

export function matchesSpecialPath(pattern: string, path: string): boolean {
  const prefix = pattern.endsWith('*');
  const body = prefix ? pattern.slice(0, -1) : pattern;
  if (!body.includes('+')) return prefix ? path.startsWith(body) : path === body;
  const wanted = body.split('/');
  const actual = path.split('/');
  if (actual.length < wanted.length || (!prefix && actual.length !== wanted.length)) return false;
  for (let i = 0; i < wanted.length; i++) {
    const segment = wanted[i] as string;
    const given = actual[i] as string;
    const last = i === wanted.length - 1;
    if (segment === '+') {
      if (given === '') return false;
      continue;
    }
    if (last && prefix ? !given.startsWith(segment) : given !== segment) return false;
  }
  return true;
}

const CLASSES = [
  ['root', 'root'],
  ['unauthenticated', 'unauthenticated'],
  ['localStorage', 'local'],
  ['sealWrapStorage', 'seal-wrap'],
] as const;

/** The special-path classes `path` (relative to the mount) falls in. */
export function specialPathClasses(paths: VaultSpecialPaths | undefined, path: string): string[] {
  if (paths === undefined) return [];
  return CLASSES.filter(([field]) => paths[field].some((pattern) => matchesSpecialPath(pattern, path))).map(([, name]) => name);
}
