/**
 * An in-memory StoragePort for tests and benchmarks: a sorted view over a Map, with Vault's list
 * semantics (keys directly under the prefix; deeper keys collapse into one `folder/` entry).
 */
import type { StorageEntry, StoragePort } from '../../plugin-host';

export class MemoryStorage implements StoragePort {
  private readonly entries = new Map<string, StorageEntry>();

  async list(prefix: string): Promise<string[]> {
    const children = new Set<string>();
    for (const key of this.entries.keys()) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const slash = rest.indexOf('/');
      children.add(slash === -1 ? rest : rest.slice(0, slash + 1));
    }
    return [...children].sort();
  }

  async get(key: string): Promise<StorageEntry | undefined> {
    const entry = this.entries.get(key);
    // Hand out a copy so a caller mutating the bytes cannot change what is stored.
    return entry === undefined ? undefined : { ...entry, value: entry.value.slice() };
  }

  async put(entry: StorageEntry): Promise<void> {
    this.entries.set(entry.key, { ...entry, value: entry.value.slice() });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  /** Every stored key, sorted; for assertions. */
  keys(): string[] {
    return [...this.entries.keys()].sort();
  }

  get size(): number {
    return this.entries.size;
  }
}
