import { z } from 'zod';
import { wholeSeconds } from '../../../proto/wire/duration';

/**
 * A TTL: seconds as a number, or text in Vault's duration grammar (`proto/wire/duration.ts`:
 * "3600", "90s", "1h30m", "7d"), in whole seconds. 0 (or "") means "the system default".
 */
export const durationArg = z
  .union([z.number(), z.string().max(64)])
  .transform((value, ctx) => {
    const parsed = wholeSeconds(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.problem });
      return z.NEVER;
    }
    return parsed.seconds;
  });

const mountPath = z.string().min(1).max(1024);
const options = z.record(z.string().max(256), z.string().max(4096));

/**
 * Mount paths are normalised (no leading `/`, one trailing `/`), made of letters, digits and
 * `-_.` segments; none may be a prefix of another; `sys/` is reserved.
 * Errors: `invalid_mount_path`, `mount_overlap`, `mount_reserved`, `mount_not_found`,
 * `plugin_not_found`, `invalid_lease_ttl`, and the plugin host's start errors.
 */
export const mountsMethods = {
  /**
   * `type`: a catalog plugin name (secret engines), or Vault's `kv-v1` / `kv-v2` (the built-in `kv`
   * with `options.version` "1" / "2"; the mount then lists as type `kv`). The plugin is started and
   * Setup is called now.
   */
  'mounts.enable': z
    .object({
      path: mountPath,
      type: z.string().min(1).max(128),
      pluginVersion: z.string().max(128).optional(),
      description: z.string().max(4096).optional(),
      defaultLeaseTtl: durationArg.optional(),
      maxLeaseTtl: durationArg.optional(),
      /** Deadline of each request to the plugin (seconds or e.g. "2m"); 0 = the default, 30 s. */
      requestTimeout: durationArg.optional(),
      options: options.optional(),
    })
    .strict(),
  /** Revokes the mount's leases, calls the plugin's Cleanup, then deletes all of its data. */
  'mounts.disable': z.object({ path: mountPath }).strict(),
  /** Changes what is given; options are merged (an empty string removes an option). Re-mounts the backend. */
  'mounts.tune': z
    .object({
      path: mountPath,
      description: z.string().max(4096).optional(),
      defaultLeaseTtl: durationArg.optional(),
      maxLeaseTtl: durationArg.optional(),
      /** Deadline of each request to the plugin; 0 = the default, 30 s. */
      requestTimeout: durationArg.optional(),
      options: options.optional(),
      pluginVersion: z.string().max(128).optional(),
    })
    .strict(),
  /** Keeps the data (same uuid); the mount's leases are revoked, as in Vault. */
  'mounts.move': z.object({ from: mountPath, to: mountPath }).strict(),
  'mounts.list': z.object({}).strict(),
} as const;

export interface MountView {
  /** Normalised, with a trailing `/`. */
  path: string;
  uuid: string;
  accessor: string;
  /** The catalog plugin name, or `system` for the built-in `sys/`. */
  type: string;
  /** Catalog version pinned by the mount; '' = the newest registered. */
  pluginVersion: string;
  builtin: boolean;
  description: string;
  /** Seconds; 0 = system default (768h). */
  defaultLeaseTtl: number;
  maxLeaseTtl: number;
  /** Seconds each request to the plugin may take; 0 = the default (30 s). */
  requestTimeout: number;
  options: Record<string, string>;
  createdAt: string;
}

export interface MountsResults {
  'mounts.enable': MountView;
  'mounts.disable': { path: string; removedEntries: number; revokedLeases: number };
  'mounts.tune': MountView;
  'mounts.move': MountView;
  'mounts.list': { mounts: MountView[] };
}

export interface MountsEvents {
  'mounts.changed': { action: 'enable' | 'disable' | 'tune' | 'move'; path: string; previousPath?: string };
}
