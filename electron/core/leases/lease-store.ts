/**
 * Leases persisted in the barrier, one record per lease at `core/leases/<name>` (the name is
 * derived from the id, `lease-id.ts`; the secret's internal data and response data are sensitive,
 * so they are encrypted like any secret).
 */
import type { Storage } from '../../storage';
import type { LeaseRecord } from './lease';
import { leaseStorageName } from './lease-id';

const ROOT = 'core/leases/';

export class LeaseStore {
  constructor(private readonly storage: Storage) {}

  loadAll(): LeaseRecord[] {
    const records: LeaseRecord[] = [];
    for (const name of this.storage.list(ROOT)) {
      const raw = this.storage.get(ROOT + name);
      if (raw !== undefined) records.push(JSON.parse(raw.toString('utf8')) as LeaseRecord);
    }
    return records;
  }

  save(record: LeaseRecord): void {
    this.storage.put(ROOT + leaseStorageName(record.leaseId), Buffer.from(JSON.stringify(record)));
  }

  delete(record: LeaseRecord): void {
    this.storage.delete(ROOT + leaseStorageName(record.leaseId));
  }
}
