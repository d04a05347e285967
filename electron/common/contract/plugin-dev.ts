/**
 * Development mode's push events (issue 15): a catalog entry in development mode is watched, and
 * each rebuild either re-pins and restarts it (`plugins.reloaded`) or is refused with what went
 * wrong (`plugins.reloadFailed`), the previous binary staying pinned. The request panel's
 * "re-send on reload" listens for `plugins.reloaded`.
 */
import { z } from 'zod';
import type { CatalogEntryView } from './plugins';

/** One entry of the catalog: the same three fields every plugins.* method names it by. */
export interface PluginEntryRef {
  type: 'secret' | 'auth';
  name: string;
  version: string;
}

export interface PluginReloadedEvent extends PluginEntryRef {
  previousSha256: string;
  sha256: string;
  /** Bytes of the new binary. */
  bytes: number;
  /** Paths of the mounts that were set up again on the new binary. */
  mounts: string[];
  /** ISO time the new binary answered its first Setup. */
  at: string;
  /** From the end of the write (or the save of a TS source) to every mount set up again. */
  durationMs: number;
}

export interface PluginReloadFailedEvent extends PluginEntryRef {
  /** `build`: the TS packager failed; `hash`: the file could not be read; `start`: the new binary did not start or crashed in Setup. */
  stage: 'build' | 'hash' | 'start';
  message: string;
  /** The build's output or the plugin's stderr, last lines first-to-last. */
  output: string[];
  /** The sha256 that stays pinned (the previous good binary). */
  pinnedSha256: string;
  at: string;
}

export interface PluginDevEvents {
  'plugins.reloaded': PluginReloadedEvent;
  'plugins.reloadFailed': PluginReloadFailedEvent;
}

/*
 * Development mode and re-pinning: the methods. Named like every plugins.* method by
 * type/name/version ('' or absent version: the unversioned entry).
 */

const entryRef = {
  type: z.enum(['secret', 'auth']).default('secret'),
  name: z.string().min(1).max(128),
  version: z.string().max(128).optional(),
};

export const pluginDevMethods = {
  /**
   * Turns development mode of one entry on or off (persisted with the entry; watching resumes at
   * unseal). On: the entry runs from a kept copy of its pinned binary (in the data directory's
   * `plugin-pins/`), and each rebuild of the binary — or, with `sourceDir` (an absolute folder
   * holding the TS plugin's `main.ts`), each saved source change, rebuilt with the SDK's packager
   * into the entry's command file — is hashed, re-pinned, restarted and set up again on every
   * mount (`plugins.reloaded`), or refused with the previous binary kept pinned
   * (`plugins.reloadFailed`). Errors: `plugin_not_found`, `plugin_builtin`, `invalid_request`
   * (a `sourceDir` that is not an absolute folder with a main.ts), `sha256_mismatch` (turning it
   * on while the file no longer matches its pin and no copy of the pinned bytes is kept: re-pin first).
   */
  'plugins.setDevelopment': z
    .object({ ...entryRef, enabled: z.boolean(), sourceDir: z.string().min(1).max(4096).optional() })
    .strict(),
  /** What changed in the entry's binary since it was pinned: size, modification time, both sha256. Error `plugin_not_found`. */
  'plugins.repinPreview': z.object(entryRef).strict(),
  /**
   * Pins the entry to its file's current sha256 (the bytes are kept, so it can be undone). With
   * `sha256`, only if the file still hashes to it (the one the preview showed; else
   * `sha256_mismatch`). Running processes of the entry are restarted on the new binary.
   */
  'plugins.repin': z.object({ ...entryRef, sha256: z.string().max(128).optional() }).strict(),
  /**
   * Restores the pin before the re-pin that returned `undoToken` and restarts the entry's
   * processes on the previous bytes (run from the kept copy while the file on disk differs).
   * Errors: `invalid_request` (the token is not the entry's last re-pin), `plugin_binary_missing`
   * (the previous bytes are no longer kept).
   */
  'plugins.undoRepin': z.object({ ...entryRef, undoToken: z.string().min(1).max(128) }).strict(),
} as const;

/** A binary as pinned or as found on disk. */
export interface PluginBinaryFacts {
  sha256: string;
  /** null when unknown (an entry pinned before Strongroom recorded it, or a file that cannot be read). */
  bytes: number | null;
  /** ISO time of the file's last modification; null when unknown. */
  modifiedAt: string | null;
}

export interface PluginRepinPreview extends PluginEntryRef {
  /** Absolute path of the entry's file in the plugin directory. */
  file: string;
  pinned: PluginBinaryFacts;
  /** The file as it is now; null when it cannot be read (`problem` says why). */
  current: PluginBinaryFacts | null;
  /** The file no longer hashes to the pin: starting it is refused with `sha256_mismatch` until re-pinned. */
  changed: boolean;
  problem: string | null;
}

export interface PluginRepinResult {
  entry: CatalogEntryView;
  previousSha256: string;
  /** Give it to `plugins.undoRepin` to go back; valid until the entry's next re-pin. */
  undoToken: string;
}

/** `CatalogEntryView.development`: null when the entry is not in development mode. */
export interface PluginDevelopmentView {
  /** The file (a binary) or folder (a TS plugin's sources) being watched. */
  watching: string;
  /** The TS source folder rebuilt on a change; null for a binary. */
  source: string | null;
  /** The kept copy of the pinned binary the entry runs from. */
  runningCopy: string;
  lastReload: PluginReloadedEvent | null;
  lastFailure: PluginReloadFailedEvent | null;
}

export interface PluginDevResults {
  'plugins.setDevelopment': CatalogEntryView;
  'plugins.repinPreview': PluginRepinPreview;
  'plugins.repin': PluginRepinResult;
  'plugins.undoRepin': { entry: CatalogEntryView; restoredSha256: string };
}
