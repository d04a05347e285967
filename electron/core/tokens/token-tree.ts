/** The parent → child tree of tokens, as the store indexes it: id hash → the id hashes of its children. */
import type { TokenRecord } from './token-entry';

/** The record and all its descendants, children before parents (the order they are revoked in). */
export function subtreeOf(record: TokenRecord, children: ReadonlyMap<string, ReadonlySet<string>>, byHash: ReadonlyMap<string, TokenRecord>): TokenRecord[] {
  const out: TokenRecord[] = [];
  const visit = (node: TokenRecord) => {
    for (const hash of children.get(node.idHash) ?? []) {
      const child = byHash.get(hash);
      if (child !== undefined) visit(child);
    }
    out.push(node);
  };
  visit(record);
  return out;
}
