/**
 * Where tokens live in the barrier, all under `core/tokens/`, every name a salted hash:
 *
 *   id/<hash of id>                        the record (TokenRecord, JSON)
 *   accessor/<hash of accessor>            {"idHash": …}: the accessor index
 *   parent/<parent's id hash>/<id hash>    empty: the parent → children index (tree revocation)
 *
 * A record and its index entries are written and removed in one barrier transaction; `tidy` finds
 * what a lost write could still leave (Vault's `auth/token/tidy`).
 */
import type { Storage } from '../../storage';
import type { TokenRecord } from './token-entry';
import type { TokenSalt } from './token-salt';

const ROOT = 'core/tokens/';
const IDS = `${ROOT}id/`;
const ACCESSORS = `${ROOT}accessor/`;
const PARENTS = `${ROOT}parent/`;

export class TokenRecords {
  constructor(
    private readonly storage: Storage,
    private readonly salt: TokenSalt,
  ) {}

  loadAll(): TokenRecord[] {
    const records: TokenRecord[] = [];
    for (const name of this.storage.list(IDS)) {
      const raw = this.storage.get(IDS + name);
      if (raw !== undefined) records.push(JSON.parse(raw.toString('utf8')) as TokenRecord);
    }
    return records;
  }

  /** The children the parent index names for each parent hash. */
  loadChildren(): Map<string, Set<string>> {
    const children = new Map<string, Set<string>>();
    for (const folder of this.storage.list(PARENTS)) {
      const parentHash = folder.replace(/\/$/, '');
      children.set(parentHash, new Set(this.storage.list(PARENTS + folder)));
    }
    return children;
  }

  /** A new record with its accessor and parent index entries. */
  add(record: TokenRecord): void {
    this.storage.batch(() => {
      this.save(record);
      this.storage.put(ACCESSORS + this.salt.hash(record.accessor), Buffer.from(JSON.stringify({ idHash: record.idHash })));
      if (record.parentHash !== null) this.storage.put(`${PARENTS}${record.parentHash}/${record.idHash}`, Buffer.alloc(0));
    });
  }

  save(record: TokenRecord): void {
    this.storage.put(IDS + record.idHash, Buffer.from(JSON.stringify(record)));
  }

  /** Removes records with their index entries, in one transaction. */
  remove(records: readonly TokenRecord[]): void {
    this.storage.batch(() => {
      for (const record of records) {
        this.storage.delete(IDS + record.idHash);
        this.storage.delete(ACCESSORS + this.salt.hash(record.accessor));
        if (record.parentHash !== null) this.storage.delete(`${PARENTS}${record.parentHash}/${record.idHash}`);
      }
    });
  }

  /** `children` lose their parent (revoke-orphan): records rewritten, parent index entries gone. */
  orphan(children: readonly TokenRecord[]): void {
    this.storage.batch(() => {
      for (const child of children) {
        if (child.parentHash !== null) this.storage.delete(`${PARENTS}${child.parentHash}/${child.idHash}`);
        this.save({ ...child, parentHash: null });
      }
    });
  }

  /**
   * Removes accessor index entries whose token is gone and parent index entries whose child or
   * parent is gone; a child whose parent is gone becomes an orphan (as Vault's tidy does).
   */
  tidy(): { removed: number; orphaned: number } {
    let removed = 0;
    let orphaned = 0;
    const record = (idHash: string) => this.storage.get(IDS + idHash);
    this.storage.batch(() => {
      for (const name of this.storage.list(ACCESSORS)) {
        const raw = this.storage.get(ACCESSORS + name);
        const idHash = raw === undefined ? undefined : (JSON.parse(raw.toString('utf8')) as { idHash?: string }).idHash;
        if (idHash !== undefined && record(idHash) !== undefined) continue;
        this.storage.delete(ACCESSORS + name);
        removed++;
      }
      for (const [parentHash, children] of this.loadChildren()) {
        const parentExists = record(parentHash) !== undefined;
        for (const childHash of children) {
          const child = record(childHash);
          if (child !== undefined && parentExists) continue;
          this.storage.delete(`${PARENTS}${parentHash}/${childHash}`);
          removed++;
          if (child === undefined) continue;
          this.save({ ...(JSON.parse(child.toString('utf8')) as TokenRecord), parentHash: null });
          orphaned++;
        }
      }
    });
    return { removed, orphaned };
  }
}
