/**
 * Changing an entry's pin on purpose: re-pin to the file's current bytes (undoable while the
 * previous bytes are kept), undo, and development mode (run from the kept copy, so a rebuild that
 * fails leaves the previous binary runnable). Outside these, a changed file is refused at start.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { HostError } from '../errors';
import type { CatalogEntry, PinnedFileFacts, PluginType } from './catalog-entry';
import type { PluginCatalog } from './catalog';
import { checkRunnable } from './executable-format';
import type { KeptBinary } from './kept-binaries';
import { versionKey } from './semver';
import { normaliseSha256, sha256Equal, sha256File } from './sha256';

/** Development mode's re-pin found the entry changed by someone else meanwhile; it pinned nothing. */
export class PinChangedMeanwhile extends Error {}

export interface EntryRef {
  type: PluginType;
  name: string;
  version?: string;
}

export interface FileFacts {
  sha256: string;
  bytes: number | null;
  modifiedAt: string | null;
}

export interface RepinPreview {
  file: string;
  pinned: FileFacts;
  current: FileFacts | null;
  changed: boolean;
  problem: string | null;
}

/** Exactly this registered entry ('' or absent version: the unversioned one); never a built-in. */
export function registeredEntry(catalog: PluginCatalog, ref: EntryRef): CatalogEntry {
  const version = versionKey(ref.version);
  const entry = catalog.get(ref.type, ref.name, version === '' ? undefined : version);
  if (entry === undefined || entry.version !== version) {
    throw new HostError(
      'plugin_not_found',
      `No ${ref.type} plugin "${ref.name}"${version ? ` version ${version}` : ' (unversioned)'} is registered in the catalog. Register it first.`,
      { type: ref.type, name: ref.name, version },
    );
  }
  if (entry.builtin === true) {
    throw new HostError('plugin_builtin', `The ${ref.type} plugin "${ref.name}" is built into Strongroom: its pin is the build's and cannot be changed.`, { name: ref.name });
  }
  return entry;
}

export async function repinPreview(catalog: PluginCatalog, ref: EntryRef): Promise<RepinPreview> {
  const entry = registeredEntry(catalog, ref);
  const pinned: FileFacts = { sha256: entry.sha256, bytes: entry.pinnedFile?.bytes ?? null, modifiedAt: entry.pinnedFile?.modifiedAt ?? null };
  try {
    const file = await catalog.commandFile(entry);
    const [sha256, stats] = await Promise.all([sha256File(file), stat(file)]);
    const current = { sha256, bytes: stats.size, modifiedAt: stats.mtime.toISOString() };
    return { file, pinned, current, changed: !sha256Equal(sha256, entry.sha256), problem: null };
  } catch (error) {
    return { file: entry.command, pinned, current: null, changed: true, problem: (error as Error).message };
  }
}

/** Pins the entry to its file's current bytes (kept, so `undoRepin` can come back to the previous ones). */
export async function repin(
  catalog: PluginCatalog,
  ref: EntryRef,
  expectedSha256?: string,
  /** A copy of the file already kept (development mode hashes before deciding to re-pin). */
  alreadyKept?: KeptBinary,
  /**
   * Development mode's automatic re-pin: only while the entry is still in development mode with
   * this pin, checked after the last wait (the user may turn it off, or re-pin, meanwhile).
   */
  automatic?: { fromSha256: string },
): Promise<{ entry: CatalogEntry; previousSha256: string; undoToken: string }> {
  const first = registeredEntry(catalog, ref);
  const file = await catalog.commandFile(first);
  await checkRunnable(file);
  const keptHere = alreadyKept === undefined && catalog.kept !== undefined;
  const pinned = alreadyKept ?? (catalog.kept !== undefined ? await catalog.kept.keep(file) : await facts(file));
  try {
    // Re-read after the waits: build on what the entry is now, not on what it was.
    const entry = registeredEntry(catalog, ref);
    if (automatic !== undefined && (entry.development === undefined || !sha256Equal(entry.sha256, automatic.fromSha256))) {
      throw new PinChangedMeanwhile(`Plugin "${entry.name}" left development mode or was re-pinned while a rebuild ran; the rebuild (sha256 ${pinned.sha256}) was not pinned.`);
    }
    const expected = expectedSha256 === undefined ? undefined : normaliseSha256(expectedSha256);
    if (expectedSha256 !== undefined && (expected === undefined || !sha256Equal(expected, pinned.sha256))) {
      throw new HostError(
        'sha256_mismatch',
        `"${file}" changed again: it now hashes to ${pinned.sha256}, not ${expectedSha256} as when it was previewed. Look at what changed again and re-pin that.`,
        { expected: expectedSha256, actual: pinned.sha256, file },
      );
    }
    const undoToken = randomUUID();
    const next: CatalogEntry = {
      ...entry,
      sha256: pinned.sha256,
      pinnedFile: { bytes: pinned.bytes, modifiedAt: pinned.modifiedAt },
      previousPin: { sha256: entry.sha256, undoToken, ...(entry.pinnedFile ? { pinnedFile: entry.pinnedFile } : {}) },
    };
    // The file is the pin now: outside development mode it runs from the plugin directory again.
    if (next.development === undefined) delete next.runsFromKeptCopy;
    const saved = catalog.replace(next);
    return { entry: saved, previousSha256: entry.sha256, undoToken };
  } finally {
    // Pinned, or refused (changed again): a copy no entry refers to goes either way. A copy the
    // caller kept is the caller's to release; the prune still sees the entry that now refers to it.
    if (keptHere) await catalog.settleKept(pinned.sha256);
    else await catalog.pruneKept();
  }
}

/** Back to the pin before the re-pin that gave `undoToken`, run from its kept bytes while the file differs. */
export async function undoRepin(catalog: PluginCatalog, ref: EntryRef, undoToken: string): Promise<CatalogEntry> {
  const entry = registeredEntry(catalog, ref);
  const previous = entry.previousPin;
  if (previous === undefined || previous.undoToken !== undoToken) {
    throw new HostError(
      'invalid_request',
      `There is no re-pin of plugin "${entry.name}" to undo with that token: only the last re-pin can be undone, with the token it returned` +
        (previous === undefined ? ' (this entry has none)' : '') + '.',
      { name: entry.name },
    );
  }
  if ((await catalog.kept?.holdsIntact(previous.sha256, previous.pinnedFile?.bytes)) !== true) {
    throw new HostError(
      'plugin_binary_missing',
      `The bytes of plugin "${entry.name}"'s previous binary (sha256 ${previous.sha256}) are no longer kept, so the re-pin cannot be undone. Put that build back in the plugin directory and re-pin it.`,
      { sha256: previous.sha256 },
    );
  }
  const onDisk = await catalog.commandFile(entry).then(sha256File, () => undefined);
  const next: CatalogEntry = {
    ...entry,
    sha256: previous.sha256,
    pinnedFile: previous.pinnedFile,
    // Undoing again redoes the re-pin.
    previousPin: { sha256: entry.sha256, undoToken: randomUUID(), ...(entry.pinnedFile ? { pinnedFile: entry.pinnedFile } : {}) },
  };
  if (next.pinnedFile === undefined) delete next.pinnedFile;
  if (entry.development !== undefined || onDisk === undefined || !sha256Equal(onDisk, previous.sha256)) next.runsFromKeptCopy = true;
  else delete next.runsFromKeptCopy;
  return catalog.replace(next);
}

/** Development mode on (runs from a kept copy of the pinned bytes) or off (back to the file, if it still is the pin). */
export async function setDevelopment(catalog: PluginCatalog, ref: EntryRef, enabled: boolean, sourceDir?: string): Promise<CatalogEntry> {
  const entry = registeredEntry(catalog, ref);
  const kept = catalog.kept;
  if (kept === undefined) throw new HostError('invalid_request', 'Development mode needs a folder for kept binaries, which this catalog was not given.', {});
  const file = await catalog.commandFile(entry).catch(() => undefined);
  if (!enabled) {
    const next: CatalogEntry = { ...entry };
    delete next.development;
    const onDisk = file === undefined ? undefined : await sha256File(file).catch(() => undefined);
    // A file that differs from the pin keeps running from the copy until it is re-pinned: nothing changes silently.
    if (onDisk !== undefined && sha256Equal(onDisk, entry.sha256)) delete next.runsFromKeptCopy;
    else next.runsFromKeptCopy = true;
    return catalog.replace(next);
  }
  if (!(await kept.holdsIntact(entry.sha256, entry.pinnedFile?.bytes))) {
    const copy = file === undefined ? undefined : await kept.keep(file);
    // The copy (if it is the pin) is safe through the entry from here on.
    if (copy !== undefined) kept.release(copy.sha256);
    if (copy === undefined || !sha256Equal(copy.sha256, entry.sha256)) {
      await catalog.pruneKept();
      throw new HostError(
        'sha256_mismatch',
        `Plugin "${entry.name}" is pinned to sha256 ${entry.sha256}, but its file ${file === undefined ? 'cannot be read' : `now hashes to ${copy?.sha256}`} ` +
          'and no copy of the pinned bytes is kept. Re-pin it to the current file first, then turn development mode on.',
        { expected: entry.sha256, actual: copy?.sha256 },
      );
    }
  }
  return catalog.replace({ ...entry, development: sourceDir === undefined ? {} : { sourceDir }, runsFromKeptCopy: true });
}

async function facts(file: string): Promise<{ sha256: string } & PinnedFileFacts> {
  const [sha256, stats] = await Promise.all([sha256File(file), stat(file)]);
  return { sha256, bytes: stats.size, modifiedAt: stats.mtime.toISOString() };
}
