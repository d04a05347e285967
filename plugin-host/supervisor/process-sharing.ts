/**
 * Which process serves a new mount. Processes are shared only between mounts of exactly the same
 * catalog entry (Vault keys them the same way), and only when the process multiplexes (protocol 5);
 * otherwise every mount gets its own process.
 */
import type { CatalogEntry } from '../catalog/catalog';
import type { SupervisedProcess } from './supervised-process';

function entryKey(entry: CatalogEntry): string {
  return JSON.stringify([entry.type, entry.name, entry.version, entry.sha256, entry.command, entry.args, entry.env]);
}

/** Processes of this entry that are not stopped (synchronous, so a caller can decide without yielding). */
export function liveProcessesOf(processes: Iterable<SupervisedProcess>, entry: CatalogEntry): SupervisedProcess[] {
  const key = entryKey(entry);
  return [...processes].filter((process) => entryKey(process.entry) === key && process.state !== 'stopped');
}

/** One of these processes that multiplexes, waiting for one still starting to say whether it does. */
export async function multiplexedAmong(candidates: SupervisedProcess[]): Promise<SupervisedProcess | undefined> {
  for (const process of candidates) {
    if (process.multiplexed === undefined && process.state === 'starting') await process.ensureRunning().catch(() => undefined);
    if (process.multiplexed === true && process.state !== 'stopped') return process;
  }
  return undefined;
}
