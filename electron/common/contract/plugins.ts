import { z } from 'zod';
import type { ErrorCode } from '../errors';
import type { PluginDevelopmentView } from './plugin-dev';

const pluginType = z.enum(['secret', 'auth']).default('secret');
const pluginName = z.string().min(1).max(128);
/** RSS ceiling of each process of the entry, MiB (default 1024). */
const memoryLimitMiB = z.number().int().min(16).max(1024 * 1024);
/** Time from exec to the handshake line, seconds (default 30). */
const startTimeoutSeconds = z.number().min(0.1).max(3600);

/** The plugin catalog (binaries allowed to run, pinned by sha256) and the running plugin processes. */
export const pluginsMethods = {
  /**
   * `command` is a file name inside the plugin directory. Without `sha256` the file is hashed now;
   * with it, the file must match. Registering the same type/name/version again replaces the entry.
   * Limits not given keep the entry's current ones (defaults for a new entry).
   * Errors: `catalog_invalid_entry`, `command_outside_plugin_dir`, `plugin_binary_missing`,
   * `plugin_binary_not_executable`, `plugin_binary_wrong_format` (not a program for this machine:
   * another OS or architecture, or a text file without `#!`), `sha256_mismatch`.
   */
  'plugins.register': z
    .object({
      type: pluginType,
      name: pluginName,
      version: z.string().max(128).optional(),
      command: z.string().min(1).max(4096),
      args: z.array(z.string().max(4096)).max(64).optional(),
      env: z.record(z.string(), z.string().max(65536)).optional(),
      sha256: z.string().max(128).optional(),
      memoryLimitMiB: memoryLimitMiB.optional(),
      startTimeoutSeconds: startTimeoutSeconds.optional(),
    })
    .strict(),
  /**
   * Changes the limits of exactly this entry without re-hashing its binary. A new memory ceiling
   * applies to running processes at once (one above it is ended with `plugin_memory_exceeded`), a
   * start timeout from the next start. Errors: `plugin_not_found`, `catalog_invalid_entry`.
   */
  'plugins.tune': z
    .object({
      type: pluginType,
      name: pluginName,
      version: z.string().max(128).optional(),
      memoryLimitMiB: memoryLimitMiB.optional(),
      startTimeoutSeconds: startTimeoutSeconds.optional(),
    })
    .strict(),
  'plugins.list': z.object({}).strict(),
  /**
   * Exactly this version ('' or absent: the unversioned entry). Errors: `plugin_in_use` while a
   * mount uses it, `plugin_builtin` for a built-in (or its name when no unversioned entry shadows it).
   */
  'plugins.remove': z.object({ type: pluginType, name: pluginName, version: z.string().max(128).optional() }).strict(),
  /**
   * One row per plugin process slot (a slot survives restarts and reloads of its process), with
   * the running process's memory and CPU (sampled every 500 ms: poll this while showing them).
   */
  'plugins.status': z.object({}).strict(),
  /**
   * Restarts the processes serving these mounts, or every process of this plugin name (give one of
   * the two), from the catalog's current entry. Each stays in its slot: same id, restart count + 1,
   * last error kept.
   */
  'plugins.reload': z
    .object({ plugin: pluginName.optional(), mounts: z.array(z.string().min(1).max(1024)).max(256).optional() })
    .strict()
    .refine((args) => (args.plugin === undefined) !== (args.mounts === undefined), {
      message: 'give either plugin or mounts',
    }),
  /**
   * sha256 of a file (absolute, or relative to the plugin directory), streamed; pushes
   * `plugins.hashProgress` events while it reads.
   */
  'plugins.hashFile': z.object({ path: z.string().min(1).max(4096) }).strict(),
  /** The regular files in the plugin directory, to pick a command from. */
  'plugins.directory': z.object({}).strict(),
  /**
   * The recent log lines the host kept (in memory, per plugin, the newest few thousand; cleared
   * when Strongroom seals), newest `limit` first-matching lines before `before`, returned oldest
   * first. `level` keeps that level and more severe ones; `mount` keeps lines of the process
   * serving that mount path. Page back with `before: nextBefore` until it is null.
   */
  'plugins.logs': z
    .object({
      plugin: pluginName.optional(),
      mount: z.string().min(1).max(1024).optional(),
      level: z.enum(['trace', 'debug', 'info', 'warn', 'error']).optional(),
      before: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(5000).default(500),
    })
    .strict(),
  /**
   * "Add plugin…", step 1: a file anywhere (absolute path) — its size, sha256 (pushing
   * `plugins.hashProgress`), what it is and whether this machine can start it (else `problem` says
   * why and how to fix it), and whether `fileName` (default: its own name) already exists in the
   * plugin directory. Error `not_found` for a missing file.
   */
  'plugins.inspectFile': z.object({ path: z.string().min(1).max(4096), fileName: z.string().min(1).max(255).optional() }).strict(),
  /**
   * Step 2: copies the file into the plugin directory as `fileName` (temp file + rename, mode 0755)
   * and registers it, pinned to the sha256 it had when inspected here. Refuses a file this machine
   * cannot start (`invalid_request`), and a different existing file without `overwrite: true`
   * (`plugin_file_exists`); an identical one is reused. Registration errors as `plugins.register`.
   */
  'plugins.install': z
    .object({
      path: z.string().min(1).max(4096),
      fileName: z.string().min(1).max(255).optional(),
      overwrite: z.boolean().optional(),
      type: pluginType,
      name: pluginName,
      version: z.string().max(128).optional(),
      args: z.array(z.string().max(4096)).max(64).optional(),
    })
    .strict(),
} as const;

/** `plugins.inspectFile`: a picked file, as the "Add plugin…" dialog shows it. */
export interface PluginInspection {
  /** Absolute path of the picked file. */
  path: string;
  bytes: number;
  sha256: string;
  /** e.g. "ELF x86-64 64-bit executable", "a script for /bin/sh", "a text file without #!". */
  kind: string;
  /** Whether this machine can start it as a plugin. */
  runnable: boolean;
  /** When not runnable: why, and how to fix it. */
  problem: string | null;
  /** Its name in the plugin directory, and the full path there. */
  fileName: string;
  target: string;
  /** The picked file already is that file in the plugin directory (nothing to copy). */
  inPluginDirectory: boolean;
  /** A file of that name in the plugin directory: none, the same content, or different content. */
  existing: 'none' | 'identical' | 'different';
}

export interface CatalogEntryView {
  type: 'secret' | 'auth';
  name: string;
  /** `v`-prefixed semver, or '' when unversioned. */
  version: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  sha256: string;
  memoryLimitMiB: number;
  startTimeoutSeconds: number;
  /** Paths of the mounts served by this entry. */
  mounts: string[];
  /**
   * Shipped with Strongroom (HashiCorp's KV engine as `kv`, version `v0.25.0+builtin`): never
   * stored or removable (`plugin_builtin`); its sha256 is the build's and is checked before every
   * start like any entry's.
   */
  builtin: boolean;
  /** A built-in whose binary was not built: the one line saying why and how to build it; else null. */
  unavailable: string | null;
  /** Development mode (`plugins.setDevelopment`, see contract/plugin-dev.ts); null when off. */
  development: PluginDevelopmentView | null;
  /** The pin before the last re-pin, while its bytes are kept: `plugins.undoRepin` goes back to it. */
  undo: { previousSha256: string; undoToken: string } | null;
}

export type PluginProcessState = 'starting' | 'ready' | 'exited' | 'backing-off' | 'stopped';

export interface PluginProcessView {
  /** Stable for the life of the slot. */
  id: string;
  plugin: string;
  pluginType: 'secret' | 'auth';
  version: string;
  state: PluginProcessState;
  pid: number | null;
  /** Milliseconds since the process became ready; 0 when not ready. */
  uptimeMs: number;
  restarts: number;
  lastError: { code: ErrorCode; message: string } | null;
  /** Paths of the mounts this process serves. */
  mounts: string[];
  /** Negotiated plugin protocol (4 or 5). */
  protocolVersion: number | null;
  multiplexed: boolean | null;
  /** While backing off: when the next start is allowed (ISO time). */
  retryAt: string | null;
  /** The entry's memory ceiling as it applies to this slot now. */
  memoryLimitMiB: number;
  /** The running process and what it started; null when none runs (or before its first sample). */
  resources: PluginResourcesView | null;
  /** Vault's `running_plugin_version`: what the plugin's version service reports ('' = nothing); null when not running. */
  runningVersion: string | null;
  /** Vault's `running_sha256`: the binary the running process was started from; null when not running. */
  runningSha256: string | null;
}

export interface PluginResourcesView {
  rssBytes: number;
  peakRssBytes: number;
  /** Of one core over the last sample; above 100 when several cores are busy. */
  cpuPercent: number;
  cpuSeconds: number;
  /** Processes counted: the plugin and what it started. */
  processes: number;
}

export interface PluginDirectoryFile {
  name: string;
  bytes: number;
  executable: boolean;
  modifiedAt: string;
}

export interface PluginLogView {
  /** Host-wide sequence number (ascending in arrival order): the cursor of `plugins.logs`. */
  seq: number;
  time: string;
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
  plugin: string;
  mount?: string;
  pid: number;
}

/**
 * Push event: the log lines one plugin wrote since the last batch (at most one batch per plugin
 * every ~75 ms). `dropped` counts lines of this plugin that this client missed before these,
 * because it fell behind (they are still in `plugins.logs`).
 */
export interface PluginLogBatch {
  plugin: string;
  lines: PluginLogView[];
  dropped: number;
}

/** A page of `plugins.logs`. */
export interface PluginLogPage {
  lines: PluginLogView[];
  /** `before` for the next older page; null when there is none. */
  nextBefore: number | null;
  /** Lines of the asked plugins dropped from the history to keep it bounded. */
  evicted: number;
}

/** An event (pb.Events SendEvent) or observation a plugin reported while serving a mount. */
export interface PluginEventView {
  kind: 'event' | 'observation';
  /** e.g. `kv-v2/data-write`. */
  type: string;
  data: Record<string, unknown> | null;
  mountPath: string;
  plugin: string;
  time: string;
}

export interface PluginsResults {
  'plugins.register': CatalogEntryView;
  'plugins.tune': CatalogEntryView;
  'plugins.list': { plugins: CatalogEntryView[]; pluginDirectory: string };
  'plugins.remove': { removed: boolean };
  'plugins.status': { processes: PluginProcessView[] };
  'plugins.reload': { reloaded: string[] };
  'plugins.hashFile': { path: string; sha256: string; bytes: number };
  'plugins.directory': { directory: string; files: PluginDirectoryFile[] };
  'plugins.logs': PluginLogPage;
  'plugins.inspectFile': PluginInspection;
  'plugins.install': { entry: CatalogEntryView; copied: boolean; target: string };
}

export interface PluginsEvents {
  'plugins.status': PluginProcessView;
  'plugins.log': PluginLogBatch;
  'plugins.event': PluginEventView;
  /** While `plugins.hashFile` reads: `path` is the resolved absolute path. */
  'plugins.hashProgress': { path: string; bytesRead: number; totalBytes: number };
}
