/**
 * The live tokens as the contract's `tokens.list` shows them: each by accessor with its children
 * and descendants counted from the records' parent links, so the UI can say how many tokens a
 * revocation takes along before it asks.
 */
import type { TokenListEntry } from '../../common/contract/tokens';
import type { TokenRecord } from './token-entry';
import type { TokenStore } from './token-store';

export function listTokens(store: TokenStore): TokenListEntry[] {
  const records = store.accessors().map((accessor) => store.lookupAccessor(accessor)).filter((record) => record !== undefined);
  const childrenOf = new Map<string, TokenRecord[]>();
  for (const record of records) {
    if (record.parentHash === null) continue;
    const siblings = childrenOf.get(record.parentHash) ?? [];
    siblings.push(record);
    childrenOf.set(record.parentHash, siblings);
  }
  const descendants = (record: TokenRecord): number =>
    (childrenOf.get(record.idHash) ?? []).reduce((count, child) => count + 1 + descendants(child), 0);
  return records
    .map((record) => ({
      accessor: record.accessor,
      displayName: record.displayName,
      policies: [...record.policies],
      path: record.path,
      orphan: record.parentHash === null,
      creationTime: new Date(record.creationTime).toISOString(),
      expireTime: record.expireTime === null ? null : new Date(record.expireTime).toISOString(),
      renewable: record.expireTime !== null && record.renewable,
      numUses: Math.max(0, record.numUses),
      children: childrenOf.get(record.idHash)?.length ?? 0,
      descendants: descendants(record),
    }))
    .sort((a, b) => a.creationTime.localeCompare(b.creationTime) || a.accessor.localeCompare(b.accessor));
}
