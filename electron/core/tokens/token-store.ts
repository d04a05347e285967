/**
 * The token store: Vault's service tokens (id + accessor, policies, TTL / explicit max TTL /
 * period, renewable, num_uses, orphans and the parent → child tree). Records are persisted salted-
 * hashed (`token-records.ts`) and all held in memory while unsealed, so `authenticate` is one
 * HMAC and a map lookup. One timer is armed for the earliest expiry; `open()` (at unseal) re-arms
 * it and revokes at once what expired while sealed. Revoking a token revokes its whole subtree.
 */
import type { Storage } from '../../storage';
import { CoreError } from '../core-errors';
import { calculateTokenTtl, isRoot, renewRefusal, type CallerToken, type LoginRecord, type TokenRecord, type TtlRequest } from './token-entry';
import { checkChosenId, grantToken, rootGrant, type TokenCreateRequest, type TokenGrant } from './token-grant';
import { newAccessor, newTokenId } from './token-id';

export type { TokenCreateRequest };
import { TokenRecords } from './token-records';
import { TokenSalt } from './token-salt';

export interface IssuedToken {
  /** The token id: shown once, never stored. */
  id: string;
  record: TokenRecord;
  warnings: string[];
}

/** What an auth plugin's renewal answered, applied in place of the token's own TTLs. */
export type PluginRenewal = Partial<Pick<TtlRequest, 'period' | 'explicitMaxTtl' | 'backendTtl' | 'backendMaxTtl' | 'mountDefaultTtl' | 'mountMaxTtl'>> & { login?: LoginRecord };

export interface TokenStoreOptions {
  now?: () => number;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

export class TokenStore {
  private readonly byHash = new Map<string, TokenRecord>();
  private readonly byAccessor = new Map<string, TokenRecord>();
  private readonly children = new Map<string, Set<string>>();
  /** The id each caller was authenticated with, for `*-self` replies; the caller itself stays id-free. */
  private readonly callerIds = new WeakMap<CallerToken, string>();
  private readonly records: TokenRecords;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  private constructor(
    private readonly salt: TokenSalt,
    storage: Storage,
    options: TokenStoreOptions,
  ) {
    this.records = new TokenRecords(storage, salt);
    this.now = options.now ?? Date.now;
  }

  /** Loads the salt and every record from the barrier, revokes what expired, arms the timer. */
  static open(storage: Storage, options: TokenStoreOptions = {}): TokenStore {
    const store = new TokenStore(TokenSalt.load(storage), storage, options);
    for (const record of store.records.loadAll()) {
      store.byHash.set(record.idHash, record);
      store.byAccessor.set(record.accessor, record);
    }
    for (const [parent, children] of store.records.loadChildren()) store.children.set(parent, children);
    store.expireDue();
    return store;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.salt.destroy();
  }

  /**
   * The caller a token id stands for, or undefined when it is unknown, expired, revoked or used
   * up. The stored hash is compared in constant time.
   */
  authenticate(id: string): CallerToken | undefined {
    const record = this.liveRecord(id);
    if (record === undefined || record.numUses < 0) return undefined;
    const caller: CallerToken = Object.freeze({ accessor: record.accessor, policies: Object.freeze([...record.policies]), displayName: record.displayName });
    this.callerIds.set(caller, id);
    return caller;
  }

  /** The id `caller` was authenticated with (undefined for a caller this store did not make). */
  idOf(caller: CallerToken): string | undefined {
    return this.callerIds.get(caller);
  }

  /**
   * Counts one use of the caller's token for a request and runs it; a token on its last use
   * answers no other request, and is revoked (with its children) when this one ends.
   */
  async spend<T>(caller: CallerToken, run: () => Promise<T>): Promise<T> {
    const record = this.byAccessor.get(caller.accessor);
    if (record === undefined || record.numUses < 0 || this.expired(record)) {
      throw new CoreError('permission_denied', 'permission denied', { httpStatus: 403 });
    }
    if (record.numUses === 0) return run();
    const last = record.numUses === 1;
    this.update(record, { numUses: last ? -1 : record.numUses - 1 });
    try {
      return await run();
    } finally {
      if (last) this.revokeAccessor(caller.accessor);
    }
  }

  /** Root token for `init` and `rotateRoot`: policies ["root"], no expiry, orphan, display name "root". */
  createRoot(): IssuedToken {
    return this.issue(rootGrant(this.now()), newTokenId(), []);
  }

  /**
   * A child of `parent` (or an orphan): `parent` undefined is the app's owner (the UI), who holds
   * no token, so the token is an orphan and inherits root. Until policies exist (issue 14) a child
   * may hold any policies. Throws `invalid_request` for what Vault refuses (`token-grant.ts`).
   */
  create(parent: CallerToken | undefined, request: TokenCreateRequest): IssuedToken {
    const parentRecord = parent === undefined ? undefined : this.byAccessor.get(parent.accessor);
    if (parent !== undefined && parentRecord === undefined) throw new CoreError('permission_denied', 'permission denied', { httpStatus: 403 });
    const { grant, warnings } = grantToken(parentRecord, request, this.now());
    const id = request.id === undefined || request.id === '' ? newTokenId() : checkChosenId(request.id);
    if (this.byHash.has(this.salt.hash(id))) {
      throw new CoreError('invalid_request', 'cannot create a token with a duplicate ID: choose another id, or revoke the existing token first', { httpStatus: 400 });
    }
    return this.issue(grant, id, warnings);
  }

  private issue(grant: TokenGrant, id: string, warnings: string[]): IssuedToken {
    const record: TokenRecord = { ...grant, idHash: this.salt.hash(id), accessor: newAccessor() };
    this.insert(record);
    return { id, record, warnings };
  }

  /** The live record of a token id (constant-time hash check), else undefined. */
  lookup(id: string): TokenRecord | undefined {
    return this.liveRecord(id);
  }

  lookupAccessor(accessor: string): TokenRecord | undefined {
    const record = this.byAccessor.get(accessor);
    return record === undefined || this.expired(record) ? undefined : record;
  }

  /** Every live token's accessor (Vault's `accessors` LIST). */
  accessors(): string[] {
    return [...this.byAccessor.values()].filter((record) => !this.expired(record)).map((record) => record.accessor);
  }

  /** Every live root token's accessor (what `rotateRoot` revokes). */
  rootAccessors(): string[] {
    return [...this.byAccessor.values()].filter((record) => isRoot(record.policies)).map((record) => record.accessor);
  }

  /**
   * Extends the token's TTL from now by `increment` seconds (0: its last TTL, or its period),
   * never past its max TTL. `answer` is an auth plugin's renewal (`login-tokens.ts`): its TTLs and
   * the mount's replace the token's own. Throws `token_not_renewable` with Vault's reason.
   */
  renew(accessor: string, increment: number, answer?: PluginRenewal): { record: TokenRecord; warnings: string[] } {
    const record = this.byAccessor.get(accessor);
    if (record === undefined) throw new CoreError('invalid_token', 'token not found: the token was revoked, expired or never existed.', { httpStatus: 400 });
    const refuse = (reason: string) => new CoreError('token_not_renewable', `${reason}: create a new token instead.`, { httpStatus: 400 });
    const now = this.now();
    const refusal = renewRefusal(record, now);
    if (refusal !== undefined) throw refuse(refusal);
    const { login, ...limits } = answer ?? {};
    const grant = calculateTokenTtl({ increment, backendTtl: record.leaseTtl, period: record.period, explicitMaxTtl: record.explicitMaxTtl, start: record.creationTime, now, ...limits });
    if (!grant.ok) throw refuse(grant.problem);
    const period = limits.period ?? record.period;
    const updated = this.update(record, { leaseTtl: grant.ttl, period, expireTime: Math.floor(now / 1000) * 1000 + grant.ttl * 1000, lastRenewalTime: now, ...(login === undefined ? {} : { login }) });
    return { record: updated, warnings: grant.warnings };
  }

  /** A token an auth plugin's login granted (`login-tokens.ts` decides what it gets). */
  issueLogin(grant: TokenGrant, warnings: string[]): IssuedToken {
    return this.issue(grant, newTokenId(), warnings);
  }

  /** Revokes the token and every descendant; how many tokens that was (0: no such token). */
  revokeAccessor(accessor: string): number {
    const record = this.byAccessor.get(accessor);
    if (record === undefined) return 0;
    const tree = this.subtree(record);
    this.records.remove(tree);
    for (const gone of tree) this.forget(gone);
    this.arm();
    return tree.length;
  }

  /** Revokes every token a path under `prefix` created (an auth method's logins, when it is disabled), with their trees. */
  revokeCreatedUnder(prefix: string): number {
    let revoked = 0;
    for (const record of [...this.byAccessor.values()]) if (record.path.startsWith(prefix)) revoked += this.revokeAccessor(record.accessor);
    return revoked;
  }

  /** Revokes every root-policy token (and their trees), then issues a new root token. */
  rotateRoot(): IssuedToken & { revoked: number } {
    let revoked = 0;
    for (const accessor of this.rootAccessors()) revoked += this.revokeAccessor(accessor);
    return { ...this.createRoot(), revoked };
  }

  /** Revokes the token alone: its children become orphans. */
  revokeOrphan(accessor: string): boolean {
    const record = this.byAccessor.get(accessor);
    if (record === undefined) return false;
    const children = [...(this.children.get(record.idHash) ?? [])].map((hash) => this.byHash.get(hash)).filter((child) => child !== undefined);
    this.records.orphan(children);
    for (const child of children) this.replace({ ...child, parentHash: null });
    this.children.delete(record.idHash);
    this.records.remove([record]);
    this.forget(record);
    this.arm();
    return true;
  }

  private liveRecord(id: string): TokenRecord | undefined {
    const hash = this.salt.hash(id);
    const record = this.byHash.get(hash);
    // The map found it by this hash; the stored one is still compared in constant time.
    if (record === undefined || !TokenSalt.same(hash, record.idHash) || this.expired(record)) return undefined;
    return record;
  }

  private expired(record: TokenRecord): boolean {
    return record.expireTime !== null && record.expireTime <= this.now();
  }

  private insert(record: TokenRecord): void {
    this.records.add(record);
    this.byHash.set(record.idHash, record);
    this.byAccessor.set(record.accessor, record);
    if (record.parentHash !== null) {
      const siblings = this.children.get(record.parentHash) ?? new Set<string>();
      siblings.add(record.idHash);
      this.children.set(record.parentHash, siblings);
    }
    this.arm();
  }

  private update(record: TokenRecord, change: Partial<TokenRecord>): TokenRecord {
    const updated = { ...record, ...change };
    this.records.save(updated);
    this.replace(updated);
    this.arm();
    return updated;
  }

  private replace(record: TokenRecord): void {
    this.byHash.set(record.idHash, record);
    this.byAccessor.set(record.accessor, record);
  }

  /** The record and all its descendants, children before parents. */
  private subtree(record: TokenRecord): TokenRecord[] {
    const out: TokenRecord[] = [];
    const visit = (node: TokenRecord) => {
      for (const hash of this.children.get(node.idHash) ?? []) {
        const child = this.byHash.get(hash);
        if (child !== undefined) visit(child);
      }
      out.push(node);
    };
    visit(record);
    return out;
  }

  private forget(record: TokenRecord): void {
    this.byHash.delete(record.idHash);
    this.byAccessor.delete(record.accessor);
    this.children.delete(record.idHash);
    if (record.parentHash !== null) this.children.get(record.parentHash)?.delete(record.idHash);
  }

  private arm(): void {
    if (this.stopped) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    let due = Infinity;
    for (const record of this.byHash.values()) if (record.expireTime !== null) due = Math.min(due, record.expireTime);
    if (due === Infinity) return;
    const delay = Math.min(Math.max(0, due - this.now()), MAX_TIMER_MS);
    this.timer = setTimeout(() => this.expireDue(), delay);
    this.timer.unref();
  }

  /** Revokes (with their subtrees) the tokens whose expiry has passed, then re-arms. */
  private expireDue(): void {
    this.timer = undefined;
    if (this.stopped) return;
    for (const record of [...this.byHash.values()]) {
      if (this.byHash.has(record.idHash) && this.expired(record)) this.revokeAccessor(record.accessor);
    }
    this.arm();
  }
}
