/**
 * A token as OpenBao's `auth/token/` paths answer it: the `data` of a lookup and the `auth` block
 * of a create or renewal, with Vault's field names and types (unix seconds for `creation_time`,
 * RFC 3339 for `issue_time` / `expire_time`; `expire_time` is null for a token that never expires).
 */
import type { VaultAuth } from '../../common/contract/requests';
import type { TokenRecord } from './token-entry';

/** `id` is the token id when the caller named it, `''` for a lookup by accessor (as Vault answers). */
export function tokenLookupData(record: TokenRecord, id: string, now: number): Record<string, unknown> {
  const data: Record<string, unknown> = {
    accessor: record.accessor,
    creation_time: Math.floor(record.creationTime / 1000),
    creation_ttl: record.creationTtl,
    display_name: record.displayName,
    entity_id: '',
    expire_time: record.expireTime === null ? null : new Date(record.expireTime).toISOString(),
    explicit_max_ttl: record.explicitMaxTtl,
    id,
    meta: record.meta,
    // -1 during a token's last use, as OpenBao shows it (its entry is tainted: revoked when the request ends).
    num_uses: record.numUses,
    orphan: record.parentHash === null,
    path: record.path,
    policies: [...record.policies],
    ttl: record.expireTime === null ? 0 : Math.max(0, Math.floor((record.expireTime - now) / 1000)),
    type: record.type,
  };
  // Vault sends `issue_time` and `renewable` from the token's lease; a token that never expires
  // (root) has none, so both are left out.
  if (record.expireTime !== null) {
    data['issue_time'] = new Date(record.creationTime).toISOString();
    data['renewable'] = record.renewable;
  }
  if (record.role !== undefined) data['role'] = record.role;
  if (record.period > 0) data['period'] = record.period;
  if (record.lastRenewalTime !== null) {
    data['last_renewal_time'] = Math.floor(record.lastRenewalTime / 1000);
    data['last_renewal'] = new Date(record.lastRenewalTime).toISOString();
  }
  return data;
}

export function tokenAuth(record: TokenRecord, id: string): VaultAuth {
  return {
    client_token: id,
    accessor: record.accessor,
    policies: [...record.policies],
    token_policies: [...record.policies],
    metadata: record.meta,
    lease_duration: record.leaseTtl,
    renewable: record.expireTime !== null && record.renewable,
    entity_id: '',
    token_type: record.type,
    orphan: record.parentHash === null,
    mfa_requirement: null,
    num_uses: record.grantedNumUses,
  };
}
