/**
 * Vault's `sys/leases/revoke-prefix` (and `revoke-force`) under `auth/token/…`: in Vault a token
 * with a TTL is a lease named by the path that created it (`auth/token/create/<role>/<suffix>/…`),
 * so revoking a prefix revokes those tokens, each with its tree (`bao token revoke -mode=path`).
 * Tokens that never expire have no lease there and are left alone, as Vault leaves them.
 */
import type { TokenPrefixRevocation } from '../sys/system-deps';
import type { TokenStore } from './token-store';

export function tokenPrefixRevocation(tokens: TokenStore): TokenPrefixRevocation {
  return {
    async revokeByPathPrefix(prefix) {
      // A whole segment: `auth/token/create` is not a prefix of `auth/token/create-orphan`.
      const under = prefix.endsWith('/') ? prefix : `${prefix}/`;
      let revoked = 0;
      for (const accessor of tokens.accessors()) {
        const record = tokens.lookupAccessor(accessor);
        if (record !== undefined && record.expireTime !== null && `${record.path}/`.startsWith(under)) revoked += tokens.revokeAccessor(accessor);
      }
      await tokens.revocations.settled();
      return revoked;
    },
  };
}
