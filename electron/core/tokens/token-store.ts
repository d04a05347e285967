/**
 * The token store: Vault's service tokens (id + accessor, policies, TTL / explicit max TTL /
 * period, renewable, num_uses, orphans and the parent → child tree). Records are persisted salted-
 * hashed (`token-records.ts`) and all held in memory while unsealed, so `authenticate` is one
 * HMAC and a map lookup. One timer is armed for the earliest expiry; `open()` (at unseal) re-arms
 * it and revokes at once what expired while sealed. Revoking a token revokes its whole subtree.
 */
import type { Storage } from '../../storage';
import { CoreError } from '../core-errors';
import { isRoot, type CallerToken, type TokenRecord } from './token-entry';
import { checkChosenId, grantToken, rootGrant, wrappingGrant, type TokenCreateRequest, type TokenGrant } from './token-grant';
import { newAccessor, newTokenId } from './token-id';
import { renewal, type PluginRenewal } from './token-renewal';
import { renewalLimits } from './token-role-grant';
import { TokenRecords } from './token-records';
import { TokenRevocations } from './token-revocations';
import { TokenRoles } from './token-roles';
import { TokenSalt } from './token-salt';
import { subtreeOf } from './token-tree';

export type { TokenCreateRequest };

export interface IssuedToken {
  /** The token id: shown once, never stored. */
  id: string;
  record: TokenRecord;
  warnings: string[];
}

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
  /** `auth/token/roles/<name>`. */
  readonly roles: TokenRoles;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Told of every revoked (or expired) token: the lease manager revokes its leases, wrapping drops its reply. */
  readonly revocations = new TokenRevocations();

  private constructor(
    private readonly salt: TokenSalt,
    storage: Storage,
    options: TokenStoreOptions,
  ) {
    this.records = new TokenRecords(storage, salt);
    this.roles = new TokenRoles(storage);
    this.now = options.now ?? Date.now;
  }

  /** Loads the salt and every record (and the parent index) from the barrier, revokes what expired, arms the timer. */
  static open(storage: Storage, options: TokenStoreOptions = {}): TokenStore {
    const store = new TokenStore(TokenSalt.load(storage), storage, options);
    store.load();
    return store;
  }

  /** `auth/token/tidy`: the barrier's dangling index entries go (`TokenRecords.tidy`), then it is read again. */
  tidy(): { removed: number; orphaned: number } {
    const tidied = this.records.tidy();
    this.load();
    return tidied;
  }

  private load(): void {
    for (const map of [this.byHash, this.byAccessor, this.children]) map.clear();
    for (const record of this.records.loadAll()) this.replace(record);
    for (const [parent, children] of this.records.loadChildren()) this.children.set(parent, children);
    this.expireDue();
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
   * Counts one use of the caller's token for a request and runs it (told whether it is the last);
   * a token on its last use answers no other request, and is revoked (with its children) when this
   * one ends.
   */
  async spend<T>(caller: CallerToken, run: (lastUse: boolean) => Promise<T>): Promise<T> {
    const record = this.byAccessor.get(caller.accessor);
    if (record === undefined || record.numUses < 0 || this.expired(record)) {
      throw new CoreError('permission_denied', 'permission denied', { httpStatus: 403 });
    }
    if (record.numUses === 0) return run(false);
    const last = record.numUses === 1;
    this.update(record, { numUses: last ? -1 : record.numUses - 1 });
    try {
      return await run(last);
    } finally {
      if (last) this.revokeAccessor(caller.accessor);
    }
  }

  /** A response-wrapping token (`token-grant.ts` `wrappingGrant`). */
  createWrapping(ttlSeconds: number, path: string): IssuedToken {
    return this.issue(wrappingGrant(ttlSeconds, path, this.now()), newTokenId(), []);
  }

  /** Root token for `init` and `rotateRoot`: policies ["root"], no expiry, orphan, display name "root". */
  createRoot(): IssuedToken {
    return this.issue(rootGrant(this.now()), newTokenId(), []);
  }

  /**
   * A child of `parent` (or an orphan): `parent` undefined is the app's owner (the UI), who holds
   * no token, so the token is an orphan and inherits root. Without sudo (`request.sudo`) a child
   * holds only its parent's policies. Throws `invalid_request` for what Vault refuses (`token-grant.ts`).
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
   * Extends the token's TTL from now by `increment` seconds (`token-renewal.ts`); `answer` is an auth
   * plugin's renewal (`login-tokens.ts`). Throws `token_not_renewable` with Vault's reason.
   */
  renew(accessor: string, increment: number, answer?: PluginRenewal): { record: TokenRecord; warnings: string[] } {
    const record = this.byAccessor.get(accessor);
    if (record === undefined) throw new CoreError('invalid_token', 'token not found: the token was revoked, expired or never existed.', { httpStatus: 400 });
    const { change, warnings } = renewal(record, increment, this.now(), renewalLimits(record, this.roles), answer);
    return { record: this.update(record, change), warnings };
  }

  /** A token an auth plugin's login granted (`login-tokens.ts` decides what it gets). */
  issueLogin(grant: TokenGrant, warnings: string[]): IssuedToken {
    return this.issue(grant, newTokenId(), warnings);
  }

  /** Revokes the token and every descendant; how many tokens that was (0: no such token). */
  revokeAccessor(accessor: string): number {
    const record = this.byAccessor.get(accessor);
    if (record === undefined) return 0;
    const tree = subtreeOf(record, this.children, this.byHash);
    this.records.remove(tree);
    for (const gone of tree) this.forget(gone);
    this.arm();
    this.revocations.notify(tree);
    return tree.length;
  }

  /** Revokes (with their trees) the tokens created under `prefix`, whole segments; `expiringOnly`: what leases/revoke-prefix reaches. */
  revokeCreatedUnder(prefix: string, expiringOnly = false): number {
    const under = prefix.endsWith('/') ? prefix : `${prefix}/`;
    const chosen = [...this.byAccessor.values()].filter((record) => `${record.path}/`.startsWith(under) && (!expiringOnly || record.expireTime !== null));
    return chosen.reduce((revoked, record) => revoked + this.revokeAccessor(record.accessor), 0);
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
    this.revocations.notify([record]);
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
