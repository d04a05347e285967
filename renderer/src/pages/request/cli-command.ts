/**
 * The shell pieces every copied command shares: POSIX quoting, the request a command is made from,
 * and the lines that point a terminal at Strongroom's Vault API. The commands themselves (bao,
 * vault, curl, hvac, node-vault) are `copy-as.ts`'s; the token is always the user's own variable,
 * never a secret in copied text.
 */
import type { RequestOperation } from '../../../../electron/common/contract/requests';

export interface CommandInput {
  path: string;
  operation: RequestOperation;
  data?: Record<string, unknown> | undefined;
}

/** POSIX single-quoting: safe for any value. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** What the token line shows until the owner has a token on screen: a placeholder, never a stored secret. */
export const TOKEN_PLACEHOLDER = '<root token>';

/** The lines that point a terminal's `vault` / `bao` at this Strongroom: `export VAULT_ADDR=…` and `export VAULT_TOKEN=…`. */
export function vaultEnvLines(address: string, token: string | null): { addr: string; token: string } {
  return {
    addr: `export VAULT_ADDR=${shellQuote(address)}`,
    token: `export VAULT_TOKEN=${shellQuote(token ?? TOKEN_PLACEHOLDER)}`,
  };
}
