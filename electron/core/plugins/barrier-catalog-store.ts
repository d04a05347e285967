/**
 * The plugin catalog's persistence, through the encrypted barrier: one record per entry at
 * `core/catalog/<type>/<name>/<version or "unversioned">`.
 *
 * Why the barrier and not a plain table: an entry's `env` often carries credentials (API tokens
 * handed to the plugin), and its sha256/command pair is what decides which code may run; both
 * deserve the same confidentiality and tamper detection (GCM, path as AAD) as the secrets. The
 * catalog is only needed while unsealed, because plugins only run while unsealed.
 */
import type { CatalogEntry, CatalogStore, PluginType } from '../../../plugin-host';
import type { Storage } from '../../storage';

const ROOT = 'core/catalog/';
const UNVERSIONED = 'unversioned';

export class BarrierCatalogStore implements CatalogStore {
  constructor(private readonly storage: Storage) {}

  load(): CatalogEntry[] {
    const entries: CatalogEntry[] = [];
    for (const type of this.storage.list(ROOT)) {
      for (const name of this.storage.list(ROOT + type)) {
        for (const version of this.storage.list(ROOT + type + name)) {
          const raw = this.storage.get(ROOT + type + name + version);
          if (raw !== undefined) entries.push(JSON.parse(raw.toString('utf8')) as CatalogEntry);
        }
      }
    }
    return entries;
  }

  save(entry: CatalogEntry): void {
    this.storage.put(entryPath(entry.type, entry.name, entry.version), Buffer.from(JSON.stringify(entry)));
  }

  remove(type: PluginType, name: string, version: string): void {
    this.storage.delete(entryPath(type, name, version));
  }
}

function entryPath(type: PluginType, name: string, version: string): string {
  // Names and versions are validated by the catalog (no "/", no control characters).
  return `${ROOT}${type}/${name}/${version === '' ? UNVERSIONED : version}`;
}
