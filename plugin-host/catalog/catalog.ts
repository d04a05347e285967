/**
 * The plugin catalog: which binaries may run as plugins, pinned by sha256 and confined to the
 * plugin directory. `verifyForStart` runs before EVERY start (Vault re-hashes at every exec too),
 * so a binary replaced or re-linked after registration is refused.
 */
import { stat } from 'node:fs/promises';
import { HostError } from '../errors';
import { copyEntry, entryKey, InMemoryCatalogStore } from './catalog-store';
import type { CatalogStore } from './catalog-store';
import { validateRegistration } from './catalog-entry';
import { validateLimits, type PluginLimits } from './limits';
import type { BuiltinCatalogEntry, CatalogEntry, PluginType, RegistrationInput } from './catalog-entry';
import { resolveConfinedCommand } from './confinement';
import { checkRunnable } from './executable-format';
import type { KeptBinaries } from './kept-binaries';
import { compareVersions, versionKey } from './semver';
import { sha256Equal, sha256File } from './sha256';

export type { BuiltinCatalogEntry, CatalogEntry, PluginType, RegistrationInput } from './catalog-entry';
export type { CatalogStore } from './catalog-store';
export type { PluginLimits } from './limits';
export { DEFAULT_LIMITS } from './limits';
export { InMemoryCatalogStore } from './catalog-store';
export { KeptBinaries } from './kept-binaries';

export class PluginCatalog {
  private readonly pluginDirectory: string;
  private readonly store: CatalogStore;
  private readonly entries = new Map<string, CatalogEntry>();
  /** Shipped plugins: listed and served, never stored or removed; their binaries live outside the plugin directory. */
  private readonly builtins = new Map<string, BuiltinCatalogEntry>();
  /** Copies of pinned binaries (see kept-binaries.ts); without it nothing is kept, and undo and development mode are unavailable. */
  readonly kept: KeptBinaries | undefined;

  constructor(opts: { pluginDirectory: string; store?: CatalogStore; builtins?: readonly BuiltinCatalogEntry[]; kept?: KeptBinaries }) {
    this.pluginDirectory = opts.pluginDirectory;
    this.kept = opts.kept;
    this.store = opts.store ?? new InMemoryCatalogStore();
    for (const entry of this.store.load()) this.entries.set(entryKey(entry.type, entry.name, entry.version), copyEntry(entry));
    for (const builtin of opts.builtins ?? []) {
      const { type, name, version } = builtin.entry;
      this.builtins.set(entryKey(type, name, version), { entry: { ...copyEntry(builtin.entry), builtin: true }, file: builtin.file });
    }
  }

  /** Validates, checks the file, computes the sha256 when absent and checks it when given. */
  async register(input: RegistrationInput): Promise<CatalogEntry> {
    const valid = validateRegistration(input);
    const file = await resolveConfinedCommand(this.pluginDirectory, valid.command);
    await checkRunnable(file);
    // With a store of kept binaries the pin is over the copy made now (so undo can go back to it).
    const pinned = this.kept !== undefined ? await this.kept.keep(file) : await this.fileFacts(file);
    try {
      const actual = pinned.sha256;
      if (valid.sha256 !== undefined && !sha256Equal(valid.sha256, actual)) {
        throw new HostError(
          'sha256_mismatch',
          `The sha256 given for plugin "${valid.name}" is ${valid.sha256}, but "${file}" hashes to ${actual}. ` +
            'Check that you registered the right file and copied the sha256 completely; if you replaced the binary ' +
            'on purpose, re-register the plugin with the new sha256.',
          { expected: valid.sha256, actual, file },
        );
      }
      // Registering again (a new binary, say) keeps the limits tuned before unless new ones are given.
      const previous = this.entries.get(entryKey(valid.type, valid.name, valid.version));
      const limits = validateLimits({ memoryLimitMiB: input.memoryLimitMiB, startTimeoutSeconds: input.startTimeoutSeconds }, previous);
      const entry: CatalogEntry = { ...valid, ...limits, sha256: actual, pinnedFile: { bytes: pinned.bytes, modifiedAt: pinned.modifiedAt } };
      // Development mode is a setting of the entry, like its limits: registering a new binary keeps it.
      if (previous?.development !== undefined) Object.assign(entry, { development: previous.development, runsFromKeptCopy: true });
      this.saveEntry(entry);
      return copyEntry(entry);
    } finally {
      // Pinned now, or refused (a wrong sha256): either way the copy is no longer held, and one no entry refers to goes.
      await this.settleKept(pinned.sha256);
    }
  }

  /** Saves a changed version of an existing registered entry as it is (re-pins, development mode: `catalog-pins.ts`). */
  replace(entry: CatalogEntry): CatalogEntry {
    const key = entryKey(entry.type, entry.name, entry.version);
    if (this.builtins.has(key)) throw builtinUnchangeable(entry.type, entry.name, 'its pin cannot be changed');
    if (!this.entries.has(key)) throw new HostError('plugin_not_found', `No ${entry.type} plugin "${entry.name}" ${entry.version || '(unversioned)'} is registered. Register it first.`, { name: entry.name });
    this.saveEntry(entry);
    return copyEntry(entry);
  }

  /** The entry's command file in the plugin directory (confined, existing, executable). */
  async commandFile(entry: CatalogEntry): Promise<string> {
    return resolveConfinedCommand(this.pluginDirectory, entry.command);
  }

  /** Drops kept copies no entry pins or can go back to. */
  async pruneKept(): Promise<void> {
    // Read by the prune when it decides (not now): an entry saved meanwhile is counted.
    const referenced = () => new Set([...this.entries.values()].flatMap((entry) => [entry.sha256, ...(entry.previousPin ? [entry.previousPin.sha256] : [])]));
    await this.kept?.prune(referenced);
  }

  /** After a `kept.keep()` this caller made: releases the hold and prunes (whether the pin was saved or refused). */
  async settleKept(sha256: string): Promise<void> {
    this.kept?.release(sha256);
    await this.pruneKept();
  }

  private saveEntry(entry: CatalogEntry): void {
    this.store.save(entry);
    this.entries.set(entryKey(entry.type, entry.name, entry.version), copyEntry(entry));
  }

  private async fileFacts(file: string): Promise<{ sha256: string; bytes: number; modifiedAt: string }> {
    const [sha256, stats] = await Promise.all([sha256File(file), stat(file)]);
    return { sha256, bytes: stats.size, modifiedAt: stats.mtime.toISOString() };
  }

  /**
   * The entry with exactly this version. Without a version: the unversioned entry, or else the
   * highest registered version of that name.
   */
  get(type: PluginType, name: string, version?: string): CatalogEntry | undefined {
    if (version !== undefined && version !== '') {
      const key = entryKey(type, name, versionKey(version));
      const found = this.entries.get(key) ?? this.builtins.get(key)?.entry;
      return found && copyEntry(found);
    }
    const unversioned = this.entries.get(entryKey(type, name, ''));
    if (unversioned) return copyEntry(unversioned);
    // As in Vault: no version asked, no unversioned entry registered → the built-in of that name.
    const builtin = [...this.builtins.values()].find(({ entry }) => entry.type === type && entry.name === name);
    if (builtin) return copyEntry(builtin.entry);
    const highest = [...this.entries.values()]
      .filter((entry) => entry.type === type && entry.name === name)
      .sort((a, b) => compareVersions(b.version, a.version))[0];
    return highest && copyEntry(highest);
  }

  /** Registered entries, then the built-ins. */
  list(): CatalogEntry[] {
    return [...this.entries.values(), ...[...this.builtins.values()].map(({ entry }) => entry)].map(copyEntry);
  }

  /**
   * Changes the limits of exactly this entry ('' or absent version: the unversioned one) without
   * re-hashing the binary. Running processes of the entry get them from the supervisor's
   * `updateEntry`; a start timeout counts from the next start.
   */
  tune(type: PluginType, name: string, version: string | undefined, limits: Partial<PluginLimits>): CatalogEntry {
    const key = entryKey(type, name, versionKey(version));
    if (this.builtins.has(key)) throw builtinUnchangeable(type, name, 'its limits cannot be changed (they are the defaults)');
    const current = this.entries.get(key);
    if (current === undefined) {
      throw new HostError(
        'plugin_not_found',
        `No ${type} plugin "${name}"${version ? ` version ${version}` : ' (unversioned)'} is registered in the catalog, so its limits cannot be changed. Register it first.`,
        { type, name, version },
      );
    }
    const entry: CatalogEntry = { ...current, ...validateLimits(limits, current) };
    this.saveEntry(entry);
    return copyEntry(entry);
  }

  /** Removes exactly this version ('' or absent: the unversioned entry). */
  remove(type: PluginType, name: string, version?: string): boolean {
    const canonical = versionKey(version);
    const key = entryKey(type, name, canonical);
    const builtinNamed = [...this.builtins.values()].some(({ entry }) => entry.type === type && entry.name === name);
    // The built-in itself, or its name with no unversioned entry to remove: say so rather than "nothing removed".
    if (this.builtins.has(key) || (canonical === '' && builtinNamed && !this.entries.has(key))) {
      throw builtinUnchangeable(type, name, 'it cannot be removed');
    }
    if (!this.entries.has(key)) return false;
    this.store.remove(type, name, canonical);
    this.entries.delete(key);
    void this.pruneKept().catch(() => undefined);
    return true;
  }

  /** Re-checks confinement, existence, exec bit, file format and sha256; returns the absolute path to exec. */
  async verifyForStart(entry: CatalogEntry): Promise<string> {
    if (entry.builtin === true) return this.verifyBuiltin(entry);
    const file = entry.runsFromKeptCopy === true ? this.keptCopyOf(entry) : await resolveConfinedCommand(this.pluginDirectory, entry.command);
    await checkRunnable(file);
    const actual = await sha256File(file);
    if (!sha256Equal(entry.sha256, actual)) {
      throw new HostError(
        'sha256_mismatch',
        `The plugin binary "${file}" was replaced after registration: the catalog pins sha256 ${entry.sha256}, ` +
          `the file now hashes to ${actual}. Re-register the plugin with the new sha256 if you replaced the binary on purpose ` +
          '(in Strongroom: "Re-pin" on the Plugins page, or plugins.repin, which can be undone).',
        { expected: entry.sha256, actual, file, plugin: entry.name, version: entry.version },
      );
    }
    return file;
  }

  /** The kept copy a development-mode (or undone) entry runs from; the sha256 check follows as for any file. */
  private keptCopyOf(entry: CatalogEntry): string {
    const copy = this.kept?.pathOf(entry.sha256);
    if (copy === undefined || !this.kept?.has(entry.sha256, entry.pinnedFile?.bytes)) {
      throw new HostError(
        'plugin_binary_missing',
        `The kept copy of plugin "${entry.name}"'s pinned binary (sha256 ${entry.sha256}) is gone or no longer its pinned size${copy ? ` ("${copy}")` : ''}. ` +
          'Re-pin the plugin to the file in the plugin directory (plugins.repin, or re-register it) to run that file.',
        { plugin: entry.name, sha256: entry.sha256, file: copy },
      );
    }
    return copy;
  }

  /** A built-in's binary is where the build put it, a program for this machine, and hashes to its manifest's sha256. */
  private async verifyBuiltin(entry: CatalogEntry): Promise<string> {
    const builtin = this.builtins.get(entryKey(entry.type, entry.name, entry.version));
    if (builtin === undefined || builtin.entry.unavailable !== undefined) {
      const why = builtin?.entry.unavailable ?? `no built-in plugin "${entry.name}" ${entry.version} ships with this build`;
      throw new HostError('plugin_binary_missing', `The built-in plugin "${entry.name}" cannot start: ${why}.`, { plugin: entry.name, version: entry.version });
    }
    const file = builtin.file;
    await checkRunnable(file).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      throw new HostError(
        'plugin_binary_missing',
        `The built-in plugin "${entry.name}" is missing its binary "${file}". Rebuild it with \`npm run build:builtins\` (it needs Go 1.25 or newer).`,
        { file, plugin: entry.name },
      );
    });
    const actual = await sha256File(file);
    if (!sha256Equal(builtin.entry.sha256, actual)) {
      throw new HostError(
        'sha256_mismatch',
        `The built-in plugin binary "${file}" changed after it was built: its manifest pins sha256 ${builtin.entry.sha256}, ` +
          `the file now hashes to ${actual}. Rebuild it with \`npm run build:builtins\`.`,
        { expected: builtin.entry.sha256, actual, file, plugin: entry.name, version: entry.version },
      );
    }
    return file;
  }
}

function builtinUnchangeable(type: PluginType, name: string, consequence: string): HostError {
  return new HostError(
    'plugin_builtin',
    `The ${type} plugin "${name}" is built into Strongroom, so ${consequence}. To run another build, register it under another name (or unversioned as "${name}", which then serves mounts that name no version).`,
    { type, name },
  );
}
