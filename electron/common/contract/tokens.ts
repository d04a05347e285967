import { z } from 'zod';

/** The Vault API's tokens (the API itself serves the rest of auth/token/). */
export const tokensMethods = {
  /**
   * Revokes every token holding the root policy (with the tokens they created) and returns a new
   * root token, shown this once. Also the only way to get a root token for a data directory
   * initialised before Strongroom had tokens. Unsealed only.
   */
  'tokens.rotateRoot': z.object({}).strict(),
  /** Every live token by accessor (never its id), with how many tokens a revocation of it takes along. Unsealed only. */
  'tokens.list': z.object({}).strict(),
  /**
   * Revokes the token with this accessor: `tree` with every descendant (Vault's `revoke-accessor`),
   * `orphan` alone, its children becoming orphans (Vault's `revoke-orphan`, by accessor here since
   * the UI never holds ids). Audited as that `auth/token/` request. Unsealed only.
   */
  'tokens.revoke': z.object({ accessor: z.string().min(1).max(128), mode: z.enum(['tree', 'orphan']) }).strict(),
} as const;

export interface RootTokenView {
  /** The new root token (`s.…`): shown once, stored only salted-hashed. */
  rootToken: string;
  accessor: string;
  /** How many tokens were revoked (the earlier root tokens and their descendants). */
  revoked: number;
}

/** One live token as the Access page lists it (what `lookup-accessor` tells, plus its place in the tree). */
export interface TokenListEntry {
  accessor: string;
  displayName: string;
  policies: string[];
  /** The path that created it (`auth/token/create`, `auth/jwt/login`…). */
  path: string;
  orphan: boolean;
  /** RFC 3339. */
  creationTime: string;
  /** RFC 3339; null for a token that never expires (root). */
  expireTime: string | null;
  renewable: boolean;
  /** Uses left; 0 = unlimited. */
  numUses: number;
  /** Its direct children: what `orphan` revocation leaves as orphans. */
  children: number;
  /** All its descendants: what a `tree` revocation takes along with it. */
  descendants: number;
}

export interface TokensResults {
  'tokens.rotateRoot': RootTokenView;
  'tokens.list': { tokens: TokenListEntry[] };
  /** How many tokens went (0: no live token had this accessor). */
  'tokens.revoke': { revoked: number };
}
