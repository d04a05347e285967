/**
 * What a plugin's storage key may look like: Vault's own rule, plus the one thing SQLite's UTF-8
 * text cannot hold. Vault's storage view (`sdk/logical/storage_view.go`, `SanityCheck`) refuses a
 * key or list prefix that contains `..` anywhere ("relative paths not supported") and accepts
 * everything else: empty segments (`crls//x-delta`, which Vault's PKI deletes while rebuilding
 * CRLs), a leading `/`, `.` segments, backslashes, control characters, the empty key.
 *
 * None of those can leave the mount: a key is only ever appended to `logical/<mount-uuid>/` and
 * compared as a string, never path-normalised, so `/x` and `a//b` are just names inside the
 * mount. NUL is safe too (better-sqlite3 binds text with its length; equality and range scans
 * compare every byte). A lone UTF-16 surrogate is not: it becomes U+FFFD on the way to UTF-8, so
 * two different keys would name one entry. (Go plugins cannot send one: protobuf strings are
 * valid UTF-8.)
 */

/** A storage-key rule: a stable name (for the error's detail), and why it exists. */
export interface KeyRule {
  rule: 'parent_reference' | 'lone_surrogate' | 'not_a_string';
  /** What is wrong with this key, in a phrase that follows `Storage key "…" `. */
  problem: string;
  /** Why the rule exists, for the message. */
  why: string;
}

// \p{Cs} in a /u regex matches only lone surrogates (a valid pair is one astral code point).
const LONE_SURROGATE = /\p{Cs}/u;

/** The rule `key` breaks, or `undefined` when it is a valid storage key (or list prefix). */
export function keyProblem(key: string): KeyRule | undefined {
  if (typeof key !== 'string') {
    return { rule: 'not_a_string', problem: `is a ${typeof key}, not a string`, why: 'storage keys are strings' };
  }
  if (key.includes('..')) {
    return {
      rule: 'parent_reference',
      problem: 'contains ".."',
      why: 'Vault\'s storage refuses any key containing ".." ("relative paths not supported"), so Strongroom does too',
    };
  }
  const bad = LONE_SURROGATE.exec(key);
  if (bad !== null) {
    const unit = bad[0].charCodeAt(0).toString(16).toUpperCase();
    return {
      rule: 'lone_surrogate',
      problem: `contains a lone UTF-16 surrogate (U+${unit}) at offset ${bad.index}`,
      why: 'it cannot be stored as UTF-8 without becoming U+FFFD, which would make it the same key as another one',
    };
  }
  return undefined;
}

/**
 * The rule a LIST prefix breaks, or `undefined`: Vault checks prefixes exactly as it checks keys
 * (`''` is the mount's root, a folder ends with `/`, a partial last name lists by string prefix).
 */
export function prefixProblem(prefix: string): KeyRule | undefined {
  return keyProblem(prefix);
}
