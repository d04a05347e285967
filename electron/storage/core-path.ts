/**
 * What a path of the core's own records (`core/…`) may look like: segments separated by `/`, none
 * of them empty, `.` or `..`; no leading `/`, no backslash, no control character, no lone surrogate.
 * Stricter than a plugin's keys (`storage-key.ts`, Vault's rules): the core writes only paths of
 * its own making, so anything else is a bug in the caller.
 */

// \p{Cc}: C0 controls (incl. NUL), DEL, C1 controls. \p{Cs} in a /u regex matches only lone surrogates.
const FORBIDDEN_CHARACTER = /[\p{Cc}\p{Cs}\\]/u;

// Every way a key can be wrong, in one pass: the common (valid) key costs one regex test, and
// only a refused key pays for finding out which rule it broke.
const ANY_PROBLEM = /[\p{Cc}\p{Cs}\\]|^\/|\/\/|\/$|(?:^|\/)\.{1,2}(?:\/|$)|^$/u;

/** Why `key` is not a valid core path, or `undefined` when it is. */
export function corePathProblem(key: string): string | undefined {
  if (typeof key !== 'string') return 'is not a string';
  if (!ANY_PROBLEM.test(key)) return undefined;
  if (key === '') return 'is empty';
  if (key.startsWith('/')) return 'is absolute (starts with "/")';
  const bad = FORBIDDEN_CHARACTER.exec(key);
  if (bad !== null) {
    return bad[0] === '\\'
      ? 'contains a backslash'
      : `contains the character U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  for (const segment of key.split('/')) {
    if (segment === '') return 'has an empty segment ("//" or a trailing "/")';
    if (segment === '.' || segment === '..') return `has a "${segment}" segment`;
  }
  return undefined;
}

/**
 * Why `prefix` is not a valid LIST prefix: `''` (the root), a folder ending with `/`, or a key
 * whose last segment is a partial name (Vault lists by string prefix).
 */
export function corePrefixProblem(prefix: string): string | undefined {
  if (typeof prefix !== 'string') return 'is not a string';
  if (prefix === '') return undefined;
  return corePathProblem(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
}
