/**
 * Response wrapping, as Vault's `wrapInCubbyhole` and `sys/wrapping/*` do it: a request that asks
 * for it (a wrap TTL) answers, instead of its reply, a single-use wrapping token (`TokenStore.
 * createWrapping`: orphan, policy `response-wrapping`, one use, TTL = explicit max = the wrap TTL)
 * whose stored reply (`wrapped-responses.ts`) `unwrap` hands out once. The stored reply goes when
 * its token does, whichever way: unwrapped, revoked, or expired on the token store's timer (which
 * survives a restart: what expired while sealed is revoked at unseal, and its reply swept here).
 */
import type { RequestResult, WrapInfoView } from '../../common/contract/requests';
import type { Storage } from '../../storage';
import { CoreError } from '../core-errors';
import type { TokenRecord } from '../tokens/token-entry';
import { RESPONSE_WRAPPING_POLICY } from '../tokens/token-grant';
import type { TokenStore } from '../tokens/token-store';
import { WrappedResponses, type WrappedEntry } from './wrapped-responses';

/** OpenBao's words for every refused wrapping token (400), with what to do. */
export function invalidWrappingToken(): CoreError {
  return new CoreError(
    'invalid_wrapping_token',
    'wrapping token is not valid or does not exist: it was already unwrapped, has expired, or is not a wrapping token; ask for a new one.',
    { httpStatus: 400 },
  );
}

export function isWrappingToken(record: Pick<TokenRecord, 'policies'>): boolean {
  return record.policies.length === 1 && record.policies[0] === RESPONSE_WRAPPING_POLICY;
}

export class ResponseWrapping {
  private readonly responses: WrappedResponses;

  constructor(
    private readonly tokens: TokenStore,
    storage: Storage,
  ) {
    this.responses = new WrappedResponses(storage);
    tokens.revocations.onRecords((records) => {
      for (const record of records) if (isWrappingToken(record)) this.responses.delete(record.idHash);
    });
    // Tokens that expired while sealed were revoked when the store opened, before this listener.
    for (const [idHash, accessor] of [...this.responses.entries()]) {
      if (tokens.lookupAccessor(accessor) === undefined) this.responses.delete(idHash);
    }
  }

  /**
   * `result` wrapped for `ttlSeconds`: its reply stored, the result emptied and given `wrapInfo`.
   * A list without keys is a 404 first, as in Vault (no token that unwraps to nothing).
   */
  wrap(result: RequestResult, ttlSeconds: number, creationPath: string): RequestResult {
    if (result.operation === 'list' && result.raw === null && !hasKeys(result) && result.warnings.length === 0) {
      throw new CoreError('not_found', `Nothing to wrap: the list of "${creationPath}" has no keys.`, { httpStatus: 404, path: creationPath });
    }
    return this.store(result, ttlSeconds, creationPath);
  }

  /** The stored reply, once: the token is revoked (and the reply gone) before this returns. */
  unwrap(tokenId: string, asCaller: boolean): RequestResult {
    const record = this.wrappingRecord(tokenId, asCaller);
    const entry = this.responses.get(record.idHash);
    this.tokens.revokeAccessor(record.accessor);
    if (entry === undefined) throw invalidWrappingToken();
    return entry.result;
  }

  /** What Vault's lookup tells: creation TTL, time and path; the token is not spent. */
  lookup(tokenId: string): { creation_ttl: number; creation_time: string; creation_path: string } {
    const entry = this.entryOf(this.wrappingRecord(tokenId, false));
    return { creation_ttl: entry.creationTtl, creation_time: new Date(entry.creationTime).toISOString(), creation_path: entry.creationPath };
  }

  /**
   * The same reply behind a new token, the old one revoked: its TTL the original's, or the
   * requested one when shorter (Vault's rule), and its creation path the original's.
   */
  rewrap(tokenId: string, asCaller: boolean, requestedTtl: number | undefined): RequestResult {
    const record = this.wrappingRecord(tokenId, asCaller);
    const entry = this.entryOf(record);
    this.tokens.revokeAccessor(record.accessor);
    const ttl = requestedTtl !== undefined && requestedTtl > 0 && requestedTtl < entry.creationTtl ? requestedTtl : entry.creationTtl;
    return this.store(entry.result, ttl, entry.creationPath);
  }

  private store(result: RequestResult, ttlSeconds: number, creationPath: string): RequestResult {
    const { id, record } = this.tokens.createWrapping(ttlSeconds, creationPath);
    const entry: WrappedEntry = { accessor: record.accessor, result, creationTime: record.creationTime, creationTtl: ttlSeconds, creationPath };
    try {
      this.responses.put(record.idHash, entry);
    } catch (error) {
      this.tokens.revokeAccessor(record.accessor);
      throw error;
    }
    const wrapInfo: WrapInfoView = { token: id, accessor: record.accessor, ttl: ttlSeconds, creation_time: new Date(record.creationTime).toISOString(), creation_path: creationPath };
    // Vault puts the accessor of a token the wrapped reply issued beside the wrapping token's.
    if (result.auth !== null) wrapInfo.wrapped_accessor = result.auth.accessor;
    return { ...result, status: 200, data: null, raw: null, secret: null, auth: null, wrapInfo };
  }

  /**
   * The live wrapping token's record. A token the request itself presented (`asCaller`) is on its
   * last use already (the router spends it); one named in the body must still have its use.
   */
  private wrappingRecord(tokenId: string, asCaller: boolean): TokenRecord {
    const record = tokenId === '' ? undefined : this.tokens.lookup(tokenId);
    if (record === undefined || !isWrappingToken(record) || record.numUses !== (asCaller ? -1 : 1)) throw invalidWrappingToken();
    return record;
  }

  private entryOf(record: TokenRecord): WrappedEntry {
    const entry = this.responses.get(record.idHash);
    if (entry === undefined) throw invalidWrappingToken();
    return entry;
  }
}

function hasKeys(result: RequestResult): boolean {
  const keys = result.data?.['keys'];
  return Array.isArray(keys) && keys.length > 0;
}
