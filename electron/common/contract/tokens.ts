import { z } from 'zod';

/** The Vault API's tokens (the API itself serves the rest of auth/token/). */
export const tokensMethods = {
  /**
   * Revokes every token holding the root policy (with the tokens they created) and returns a new
   * root token, shown this once. Also the only way to get a root token for a data directory
   * initialised before Strongroom had tokens. Unsealed only.
   */
  'tokens.rotateRoot': z.object({}).strict(),
} as const;

export interface RootTokenView {
  /** The new root token (`s.…`): shown once, stored only salted-hashed. */
  rootToken: string;
  accessor: string;
  /** How many tokens were revoked (the earlier root tokens and their descendants). */
  revoked: number;
}

export interface TokensResults {
  'tokens.rotateRoot': RootTokenView;
}
