/**
 * The OpenBao decision matrix's inputs: one set of policies that overlap on purpose (exact paths,
 * `*` prefixes of different lengths, `+` segments in several positions, deny in one policy against
 * grants in another, the old `policy = "…"` form), the token policy sets to try, and a generated
 * list of request paths built from segments that hit, nearly hit and miss each pattern.
 */

export const MATRIX_POLICIES: Readonly<Record<string, string>> = {
  globs: `
    path "secret/*" { capabilities = ["read", "list"] }
    path "secret/team/*" { capabilities = ["create", "update"] }
    path "secret/team/private/*" { capabilities = ["deny"] }
    path "secret/exact" { capabilities = ["delete"] }
    path "kv/data/+/config" { capabilities = ["read"] }
    path "kv/data/+/+/x*" { capabilities = ["update", "patch"] }
    path "kv/*" { capabilities = ["list"] }
    path "+/public" { capabilities = ["read"] }
    path "apps/+/a*" { capabilities = ["read", "sudo"] }
    path "apps/+/abc" { capabilities = ["list"] }
    path "apps/x/*" { capabilities = ["create"] }
    path "deep/+/+/leaf" { capabilities = ["read"] }
    path "deep/a/+/leaf" { capabilities = ["update"] }
    path "lists/folder" { capabilities = ["list"] }
    path "lists/pre*" { capabilities = ["list", "read"] }
    path "sys/mounts" { capabilities = ["read", "sudo"] }
  `,
  denies: `
    path "secret/exact" { capabilities = ["deny"] }
    path "kv/data/shared/config" { capabilities = ["deny"] }
    path "deep/*" { capabilities = ["deny"] }
    path "apps/+/ab" { capabilities = ["deny"] }
  `,
  overlap: `
    path "secret/*" { capabilities = ["update"] }
    path "kv/data/+/config" { capabilities = ["create"] }
    path "apps/+/a*" { capabilities = ["delete"] }
    path "lists/folder/" { capabilities = ["read"] }
    path "other/*" { policy = "write" }
    path "other/x/*" { policy = "deny" }
    path "+/+/leaf" { capabilities = ["patch"] }
  `,
};

/** The policy sets of the tokens asked about (each also gets `default`, as a created token does). */
export const MATRIX_TOKENS: readonly (readonly string[])[] = [
  [],
  ['globs'],
  ['denies'],
  ['overlap'],
  ['globs', 'denies'],
  ['globs', 'overlap'],
  ['denies', 'overlap'],
  ['globs', 'denies', 'overlap'],
];

const FIRST = ['secret', 'kv', 'apps', 'deep', 'lists', 'other', 'sys', 'cubbyhole', '+', 'nomount'];
const SECOND = ['team', 'exact', 'data', 'x', 'a', 'public', 'folder', 'prefix', 'pre', 'mounts', 'tools'];
const THIRD = ['', 'private', 'config', 'a', 'ab', 'abc', 'abd', 'leaf', 'shared', 'hash'];
const FOURTH = ['', 'leaf', 'xa', 'x', 'config', 'sha256'];

/** Every combination of the segments (no empty segment inside a path), with and without a trailing `/`. */
export function matrixPaths(): string[] {
  const paths = new Set<string>();
  for (const a of FIRST) {
    paths.add(a);
    paths.add(`${a}/`);
    for (const b of SECOND) {
      for (const c of THIRD) {
        for (const d of FOURTH) {
          if (c === '' && d !== '') continue;
          const path = [a, b, c, d].filter((segment) => segment !== '').join('/');
          paths.add(path);
          paths.add(`${path}/`);
        }
      }
    }
  }
  // The default policy's own paths.
  for (const path of ['auth/token/lookup-self', 'auth/token/renew-self', 'sys/capabilities-self', 'sys/leases/lookup', 'sys/wrapping/unwrap', 'identity/oidc/provider/p/authorize', 'identity/oidc/provider/p/q/authorize']) {
    paths.add(path);
  }
  return [...paths];
}
