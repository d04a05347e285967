/**
 * Where wrapped replies wait, encrypted in the barrier like every core record (Vault keeps them in
 * the wrapping token's cubbyhole): `core/wrapping/<the wrapping token's id hash>` holds the reply
 * and what `sys/wrapping/lookup` tells about it. The key is the token store's salted hash, so
 * nothing here names the token.
 */
import type { RequestResult } from '../../common/contract/requests';
import type { Storage } from '../../storage';

const ROOT = 'core/wrapping/';

export interface WrappedEntry {
  /** The wrapping token's accessor (a stored reply whose token is gone is swept at unseal). */
  accessor: string;
  /** The reply as the wrapped request would have answered it. */
  result: RequestResult;
  /** Epoch ms. */
  creationTime: number;
  /** Seconds. */
  creationTtl: number;
  creationPath: string;
}

export class WrappedResponses {
  constructor(private readonly storage: Storage) {}

  put(idHash: string, entry: WrappedEntry): void {
    // As the envelope sends them: a bigint (a plugin's int64) as its decimal text.
    this.storage.put(ROOT + idHash, Buffer.from(JSON.stringify(entry, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))));
  }

  get(idHash: string): WrappedEntry | undefined {
    const raw = this.storage.get(ROOT + idHash);
    return raw === undefined ? undefined : (JSON.parse(raw.toString('utf8')) as WrappedEntry);
  }

  delete(idHash: string): void {
    this.storage.delete(ROOT + idHash);
  }

  /** Every stored reply's key (the id hash) and accessor. */
  *entries(): Generator<[string, string]> {
    for (const idHash of this.storage.list(ROOT)) {
      const entry = this.get(idHash);
      if (entry !== undefined) yield [idHash, entry.accessor];
    }
  }
}
