/** Where catalog entries are kept. In memory here; the core persists them in its database. */
import type { CatalogEntry, PluginType } from './catalog-entry';
import { DEFAULT_LIMITS } from './limits';

export interface CatalogStore {
  load(): CatalogEntry[];
  save(entry: CatalogEntry): void;
  remove(type: PluginType, name: string, version: string): void;
}

export class InMemoryCatalogStore implements CatalogStore {
  private readonly entries = new Map<string, CatalogEntry>();

  load(): CatalogEntry[] {
    return [...this.entries.values()].map(copyEntry);
  }

  save(entry: CatalogEntry): void {
    this.entries.set(entryKey(entry.type, entry.name, entry.version), copyEntry(entry));
  }

  remove(type: PluginType, name: string, version: string): void {
    this.entries.delete(entryKey(type, name, version));
  }
}

export function entryKey(type: PluginType, name: string, version: string): string {
  return `${type}\0${name}\0${version}`;
}

/** A copy; entries stored before limits existed get the default limits. */
export function copyEntry(entry: CatalogEntry): CatalogEntry {
  const copy: CatalogEntry = { ...DEFAULT_LIMITS, ...entry, args: [...entry.args], env: { ...entry.env } };
  if (entry.pinnedFile !== undefined) copy.pinnedFile = { ...entry.pinnedFile };
  if (entry.development !== undefined) copy.development = { ...entry.development };
  if (entry.previousPin !== undefined) copy.previousPin = { ...entry.previousPin };
  return copy;
}
