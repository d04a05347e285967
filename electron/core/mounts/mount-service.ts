/**
 * Enabling, tuning, moving and disabling mounts. Each change reaches the plugin host first
 * (a mount is only persisted once its plugin accepted the configuration) and is then written to
 * the mount table; `mounts.changed` tells the UI.
 */
import type { MountsResults, MountView } from '../../common/contract/mounts';
import type { Storage } from '../../storage';
import { CoreError } from '../core-errors';
import type { EventBus } from '../event-bus';
import { SerialQueue } from '../serial-queue';
import type { LeaseManager } from '../leases/lease-manager';
import type { PluginRuntime } from '../plugins/plugin-runtime';
import { assertMountPathFree, normaliseMountPath, SYSTEM_MOUNT_PATH } from './mount-path';
import { MountTable, type MountEntry } from './mount-table';
import { resolveMountType } from './mount-type';

export interface EnableMount {
  /** A secrets mount's path; for an auth method (`kind: 'auth'`) its path under `auth/`. */
  path: string;
  /** 'secret' (default) or 'auth' (`sys/auth/<path>`: served at `auth/<path>/`). */
  kind?: MountKind;
  type: string;
  pluginVersion?: string;
  description?: string;
  defaultLeaseTtl?: number;
  maxLeaseTtl?: number;
  requestTimeout?: number;
  options?: Record<string, string>;
}

export type MountKind = 'secret' | 'auth';

export type TuneMount = Omit<Partial<EnableMount>, 'type' | 'path' | 'kind'> & { path: string };

/** What disabling an auth method does to the tokens it issued: Vault revokes them all. */
export interface IssuedTokens {
  /** Revokes every token created by a path under `prefix` (e.g. `auth/jwt/`); how many. */
  revokeCreatedUnder(prefix: string): number;
}

/** `auth/<path>/`, where an auth method enabled at `path` is served. */
export function authRouterPath(path: string): string {
  return `auth/${normaliseMountPath(path)}`;
}

/** Changes run one at a time: the path checks and the table write must not interleave. */
export class MountService {
  private readonly changes = new SerialQueue();

  constructor(
    private readonly table: MountTable,
    private readonly plugins: PluginRuntime,
    private readonly leases: LeaseManager,
    private readonly storage: Storage,
    private readonly events: EventBus,
    private readonly issuedTokens?: IssuedTokens,
  ) {}

  /** The secrets mounts, `sys/` first. */
  list(): MountView[] {
    return [systemMountView(), ...this.table.list().filter((entry) => entry.pluginType !== 'auth').map(mountView)];
  }

  /** The auth methods served by plugins, by router path (`auth/jwt/`); the token store is not one. */
  listAuth(): MountView[] {
    return this.table.list().filter((entry) => entry.pluginType === 'auth').map(mountView);
  }

  view(path: string): MountView {
    return mountView(this.table.require(normaliseMountPath(path)));
  }

  enable(args: EnableMount): Promise<MountView> {
    return this.changes.run(() => this.enableNow(args));
  }

  private async enableNow(args: EnableMount): Promise<MountView> {
    const kind = args.kind ?? 'secret';
    const path = kind === 'auth' ? authRouterPath(args.path) : normaliseMountPath(args.path);
    if (kind === 'secret' && path.startsWith('auth/')) {
      throw new CoreError('mount_reserved', `The mount path "${path}" is under auth/, where auth methods are served: choose another path, or enable an auth method (sys/auth/<path>).`, { path, reserved: 'auth/' });
    }
    assertMountPathFree(path, this.table.byPath().keys());
    const pluginVersion = args.pluginVersion ?? '';
    // kv-v1 / kv-v2 are secrets-engine aliases; an auth method's type is its catalog name.
    const { type, options } = kind === 'auth' ? { type: args.type, options: args.options ?? {} } : resolveMountType(args.type, args.options ?? {});
    const found = this.plugins.catalog.get(kind, type, pluginVersion);
    if (found === undefined) {
      const what = kind === 'auth' ? 'auth plugin' : 'secrets plugin';
      throw new CoreError(
        'plugin_not_found',
        `No ${what} "${type}"${pluginVersion ? ` version ${pluginVersion}` : ''} is in the catalog. Register it first (Plugins → Register${kind === 'auth' ? ', type auth' : ''}; from a shell: bao plugin register -sha256=<the binary's sha256>${pluginVersion ? ` -version=${pluginVersion}` : ''} ${kind === 'auth' ? 'auth' : 'secret'} ${type}).`,
        { type, pluginVersion },
      );
    }
    const entry = MountTable.newEntry({
      path,
      pluginType: kind,
      pluginName: type,
      // OpenBao pins an auth method to the version it resolved (the only or newest registered one).
      pluginVersion: kind === 'auth' && pluginVersion === '' && found.builtin !== true ? found.version : pluginVersion,
      description: args.description ?? '',
      defaultLeaseTtl: args.defaultLeaseTtl ?? 0,
      maxLeaseTtl: args.maxLeaseTtl ?? 0,
      requestTimeout: args.requestTimeout ?? 0,
      options,
    });
    checkTtls(entry);
    await this.start(entry);
    this.table.save(entry);
    this.events.publish('mounts.changed', { action: 'enable', path });
    return mountView(entry);
  }

  /** Revoke the mount's leases, Cleanup in the plugin, then delete its data and its entry. */
  disable(rawPath: string): Promise<MountsResults['mounts.disable']> {
    return this.changes.run(() => this.disableNow(rawPath));
  }

  private async disableNow(rawPath: string): Promise<MountsResults['mounts.disable']> {
    const entry = this.table.require(normaliseMountPath(rawPath));
    const revokedLeases = await this.leases.revokeMount(entry.uuid);
    // As Vault: disabling an auth method revokes every token its logins issued.
    if (entry.pluginType === 'auth') this.issuedTokens?.revokeCreatedUnder(entry.path);
    await this.plugins.supervisor.removeMount(entry.uuid);
    const view = this.storage.mountView(entry.uuid);
    const removedEntries = this.storage.batch(() => {
      const removed = view.deleteAll();
      this.table.remove(entry.uuid);
      return removed;
    });
    this.events.publish('mounts.changed', { action: 'disable', path: entry.path });
    return { path: entry.path, removedEntries, revokedLeases };
  }

  /** Applies the changes and re-mounts the backend so the plugin sees the new configuration. */
  tune(args: TuneMount): Promise<MountView> {
    return this.changes.run(() => this.tuneNow(args));
  }

  private async tuneNow(args: TuneMount): Promise<MountView> {
    const current = this.table.require(normaliseMountPath(args.path));
    const options = { ...current.options };
    for (const [key, value] of Object.entries(args.options ?? {})) {
      if (value === '') delete options[key];
      else options[key] = value;
    }
    const next: MountEntry = {
      ...current,
      description: args.description ?? current.description,
      defaultLeaseTtl: args.defaultLeaseTtl ?? current.defaultLeaseTtl,
      maxLeaseTtl: args.maxLeaseTtl ?? current.maxLeaseTtl,
      requestTimeout: args.requestTimeout ?? current.requestTimeout ?? 0,
      pluginVersion: args.pluginVersion ?? current.pluginVersion,
      options,
    };
    checkTtls(next);
    await this.restart(current, next);
    this.table.save(next);
    this.events.publish('mounts.changed', { action: 'tune', path: next.path });
    return mountView(next);
  }

  /** Same uuid, so the data stays where it is; leases (and a moved auth method's tokens) issued under the old path are revoked, as Vault does. */
  move(fromPath: string, toPath: string): Promise<MountView> {
    return this.changes.run(() => this.moveNow(fromPath, toPath));
  }

  private async moveNow(fromPath: string, toPath: string): Promise<MountView> {
    const current = this.table.require(normaliseMountPath(fromPath));
    const path = normaliseMountPath(toPath);
    if ((current.pluginType === 'auth') !== path.startsWith('auth/')) {
      throw new CoreError('invalid_mount_path', `"${current.path}" cannot move to "${path}": an auth method stays under auth/ and a secrets engine outside it; choose a path of the same kind.`, { path });
    }
    assertMountPathFree(path, this.table.byPath().keys(), current.path);
    const next: MountEntry = { ...current, path };
    // Restart first: if the plugin refuses the new mount, nothing (leases included) is lost.
    await this.restart(current, next);
    await this.leases.revokeMount(current.uuid);
    // As Vault's remount revokes the leases under the old path: a moved auth method's logins' tokens
    // (whose paths, and so their renewals, name the old mount) go too.
    if (current.pluginType === 'auth') this.issuedTokens?.revokeCreatedUnder(current.path);
    this.table.save(next);
    this.events.publish('mounts.changed', { action: 'move', path, previousPath: current.path });
    return mountView(next);
  }

  /** Registers with the supervisor and runs Setup now, so a bad option fails the enable. */
  private async start(entry: MountEntry): Promise<void> {
    this.plugins.addMount(entry);
    try {
      await this.plugins.supervisor.ensureMounted(entry.uuid);
    } catch (error) {
      await this.plugins.supervisor.removeMount(entry.uuid);
      throw error;
    }
  }

  private async restart(current: MountEntry, next: MountEntry): Promise<void> {
    await this.plugins.supervisor.removeMount(current.uuid);
    try {
      await this.start(next);
    } catch (error) {
      this.plugins.addMount(current); // the old configuration stays in force
      throw error;
    }
  }
}

function checkTtls(entry: MountEntry): void {
  if (entry.maxLeaseTtl > 0 && entry.defaultLeaseTtl > entry.maxLeaseTtl) {
    throw new CoreError(
      'invalid_lease_ttl',
      `The default lease TTL (${entry.defaultLeaseTtl} s) is longer than the maximum (${entry.maxLeaseTtl} s); lower it or raise the maximum.`,
      { defaultLeaseTtl: entry.defaultLeaseTtl, maxLeaseTtl: entry.maxLeaseTtl },
    );
  }
}

export function mountView(entry: MountEntry): MountView {
  return {
    path: entry.path,
    uuid: entry.uuid,
    accessor: entry.accessor,
    type: entry.pluginName,
    pluginVersion: entry.pluginVersion,
    builtin: false,
    description: entry.description,
    defaultLeaseTtl: entry.defaultLeaseTtl,
    maxLeaseTtl: entry.maxLeaseTtl,
    requestTimeout: entry.requestTimeout ?? 0,
    options: { ...entry.options },
    createdAt: entry.createdAt,
  };
}

export const SYSTEM_MOUNT_UUID = '00000000-0000-0000-0000-000000000000';

export function systemMountView(): MountView {
  return {
    path: SYSTEM_MOUNT_PATH,
    uuid: SYSTEM_MOUNT_UUID,
    accessor: 'system',
    type: 'system',
    pluginVersion: '',
    builtin: true,
    description: 'Built-in system backend: mounts, plugin catalog, leases, audit, seal status.',
    defaultLeaseTtl: 0,
    maxLeaseTtl: 0,
    requestTimeout: 0,
    options: {},
    createdAt: new Date(0).toISOString(),
  };
}
