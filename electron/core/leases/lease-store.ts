/**
 * Leases persisted in the barrier, one record per lease at `core/leases/<uuid>` (the secret's
 * internal data and response data are sensitive, so they are encrypted like any secret).
 */
import type { Storage } from '../../storage';
import { leaseUuid, type LeaseRecord } from './lease';

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
    this.storage.put(ROOT + uuidOf(record), Buffer.from(JSON.stringify(record)));
  }

  delete(record: LeaseRecord): void {
    this.storage.delete(ROOT + uuidOf(record));
  }
}

function uuidOf(record: LeaseRecord): string {
  const uuid = leaseUuid(record.leaseId);
  if (uuid === undefined) throw new Error(`lease id without a uuid: ${record.leaseId}`);
  return uuid;
}
