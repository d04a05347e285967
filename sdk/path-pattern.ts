/**
 * The path syntax of the SDK and its three renderings: the Vault-style regex shown in help
 * ("Matching Route"), a JavaScript RegExp for routing, and the OpenAPI path.
 *
 *   `config`          → ^config$                                   /config
 *   `hello/{name}`    → ^hello/(?P<name>\w(([\w-.]+)?\w)?)$        /hello/{name}
 *   `data/{path*}`    → ^data/(?P<path>.*)$                        /data/{path}
 *   `users/`          → ^users/?$                                  /users (list: /users/)
 */

/** Vault's `framework.GenericNameRegex` body: a name segment. */
const NAME_BODY = '\\w(([\\w-.]+)?\\w)?';
const SEGMENT = /\{(\w+)(\*?)\}|[^{}]+/g;

export interface CompiledPattern {
  /** As declared. */
  readonly source: string;
  /** Vault regex with `(?P<name>…)` groups, anchored with `^…$`. */
  readonly vaultRegex: string;
  readonly regex: RegExp;
  /** OpenAPI path without the leading `/` (a list path's trailing `/` removed). */
  readonly openapiPath: string;
  /** Captured names in order, and whether each may span slashes. */
  readonly captures: ReadonlyArray<{ name: string; rest: boolean }>;
}

export class PatternError extends Error {}

export function compilePattern(source: string): CompiledPattern {
  if (source.startsWith('/') || source.startsWith('^')) {
    throw new PatternError(`path pattern "${source}" must be relative to the mount: drop the leading "${source[0]}"`);
  }
  const listPath = source.endsWith('/');
  const body = listPath ? source.slice(0, -1) : source;
  let vault = '';
  let js = '';
  const captures: Array<{ name: string; rest: boolean }> = [];
  for (const match of body.matchAll(SEGMENT)) {
    const [token, name, star] = match;
    if (name === undefined) {
      if (/[{}]/.test(token)) throw new PatternError(`path pattern "${source}" has an unbalanced brace`);
      vault += escapeRegex(token);
      js += escapeRegex(token);
      continue;
    }
    if (captures.some((c) => c.name === name)) throw new PatternError(`path pattern "${source}" captures "${name}" twice`);
    const inner = star === '*' ? '.*' : NAME_BODY;
    captures.push({ name, rest: star === '*' });
    vault += `(?P<${name}>${inner})`;
    js += `(?<${name}>${inner})`;
  }
  if (body.replace(SEGMENT, '') !== '') throw new PatternError(`path pattern "${source}" has an unbalanced brace`);
  const suffix = listPath ? '/?$' : '$';
  return {
    source,
    vaultRegex: `^${vault}${suffix}`,
    regex: new RegExp(`^${js}${suffix}`),
    openapiPath: body.replace(/\{(\w+)\*\}/g, '{$1}'),
    captures,
  };
}

/** The captured values of `path`, or undefined when it does not match. */
export function matchPattern(pattern: CompiledPattern, path: string): Record<string, string> | undefined {
  const match = pattern.regex.exec(path);
  if (match === null) return undefined;
  return { ...match.groups };
}

// Only characters that are special in both Go RE2 and JavaScript regexes are escaped, so the
// help text reads like Go's (Vault authors write `config`, not `config\/`).
function escapeRegex(text: string): string {
  return text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
}
