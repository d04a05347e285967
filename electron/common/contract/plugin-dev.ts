/**
 * Development mode's push events (issue 15): a catalog entry in development mode is watched, and
 * each rebuild either re-pins and restarts it (`plugins.reloaded`) or is refused with what went
 * wrong (`plugins.reloadFailed`), the previous binary staying pinned. The request panel's
 * "re-send on reload" listens for `plugins.reloaded`.
 */

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
