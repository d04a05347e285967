/**
 * Mount paths: normalised to `a/b/` (no leading `/`, exactly one trailing `/`), segments of
 * letters, digits and `-_.` (not `.` or `..`), no mount a prefix of another (so longest-prefix
 * routing can never be ambiguous), `sys/` and `auth/token/` reserved for the built-in backends,
 * `cubbyhole/` and `identity/` for the backends Vault keeps there (not served here): Vault's
 * `default` policy grants every token `cubbyhole/*` as its own private space, so an ordinary mount
 * there would be one store shared by every token.
 */
import { CoreError } from '../core-errors';

export const SYSTEM_MOUNT_PATH = 'sys/';
/** Served by the core itself (the system backend, the token backend), or kept free as Vault keeps them. */
const RESERVED: Record<string, string> = {
  [SYSTEM_MOUNT_PATH]: "is reserved for Strongroom's built-in sys/ backend",
  'auth/token/': "is reserved for Strongroom's built-in auth/token/ backend",
  'cubbyhole/': "is reserved: Vault keeps it for each token's private cubbyhole, which the default policy grants every token (Strongroom does not serve it)",
  'identity/': 'is reserved: Vault keeps it for its identity store (Strongroom does not serve it)',
};
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const MAX_LENGTH = 256;

/** The normalised form of `input`, or throws `invalid_mount_path` saying what is wrong. */
export function normaliseMountPath(input: string): string {
  const trimmed = input.trim().replace(/^\/+/, '').replace(/\/+$/, '');
  const invalid = (why: string): never => {
    throw new CoreError('invalid_mount_path', `The mount path "${input}" ${why}.`, { path: input });
  };
  if (trimmed === '') invalid('is empty: give a name such as "secret" or "team/kv"');
  if (trimmed.length > MAX_LENGTH) invalid(`is longer than ${MAX_LENGTH} characters: choose a shorter one`);
  for (const segment of trimmed.split('/')) {
    if (segment === '') invalid('has an empty segment ("//"): remove the extra slash');
    if (segment === '.' || segment === '..') invalid(`has a "${segment}" segment: use plain names such as "team/kv"`);
    if (!SEGMENT.test(segment)) {
      invalid(`has the segment "${segment}": use letters, digits, "-", "_" and "." (not first)`);
    }
  }
  return `${trimmed}/`;
}

/**
 * Checks a normalised path against the reserved paths and the existing mounts (other than
 * `ignore`, the mount being moved). Throws `mount_reserved` or `mount_overlap`.
 */
export function assertMountPathFree(path: string, existing: Iterable<string>, ignore?: string): void {
  for (const [reserved, why] of Object.entries(RESERVED)) {
    if (path.startsWith(reserved) || reserved.startsWith(path)) {
      throw new CoreError('mount_reserved', `The mount path "${path}" ${why}; choose another.`, {
        path,
        reserved,
      });
    }
  }
  for (const other of existing) {
    if (other === ignore) continue;
    if (other === path) {
      throw new CoreError('mount_overlap', `A mount already exists at "${path}". Choose another path, or disable that mount first.`, {
        path,
        conflictsWith: other,
      });
    }
    if (other.startsWith(path) || path.startsWith(other)) {
      const [outer, inner] = path.startsWith(other) ? [other, path] : [path, other];
      throw new CoreError(
        'mount_overlap',
        `The mount path "${path}" overlaps the mount "${other}": "${inner}" would sit inside "${outer}". Mounts may not nest; choose a path beside it.`,
        { path, conflictsWith: other },
      );
    }
  }
}
