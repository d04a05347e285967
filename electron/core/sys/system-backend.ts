/**
 * The built-in `sys/` backend, answering through the same router as plugins (so an HTTP API
 * later sees one surface). It speaks Vault's sys paths and field names over the same services
 * the contract methods use:
 *
 *   mounts                      read: every mount (with running_plugin_version, running_sha256 as Vault lists them)
 *   mounts/<path>               read | create/update {type, description, config{default_lease_ttl,max_lease_ttl}, options, plugin_version} | delete
 *   mounts/<path>/tune          read | update {description, default_lease_ttl, max_lease_ttl, request_timeout, options, plugin_version}
 *   remount                     update {from, to}
 *   plugins/catalog             read/list: names by type, and `detailed`
 *   plugins/catalog/<type>/<n>  read ?version | update {command, args, env, sha256, version} | delete {version}
 *   plugins/reload/backend      update {plugin | mounts}
 *   leases/lookup               update {lease_id};   leases/lookup/<prefix> list
 *   leases/renew[/<id>]         update {lease_id, increment}
 *   leases/revoke[/<id>]        update {lease_id}
 *   leases/revoke-prefix/<p>    update
 *   audit                       read: the audit devices (one: the SQLite audit table)
 *   audit-hash/<device>         update {input}
 *   seal-status                 read
 *   key-status                  read: {term, install_time} of the key new writes use
 *   rotate                      update: a new key term (older values stay readable)
 */
import type { VaultOperation } from '../../../plugin-host/vault/types';
import { parseDurationSeconds } from '../../common/duration';
import type { SealStatusView } from '../../common/contract/seal';
import type { AuditHasher } from '../audit/audit-hmac';
import { CoreError } from '../core-errors';
import type { LeaseManager } from '../leases/lease-manager';
import type { MountService } from '../mounts/mount-service';
import type { PluginService } from '../plugins/plugin-service';
import type { SystemBackend, SystemReply } from '../router/request-router';
import { field, optionalString, stringList, stringMap } from './fields';

export interface SystemBackendDeps {
  mounts: MountService;
  plugins: PluginService;
  leases: LeaseManager;
  hasher: AuditHasher;
  sealStatus: () => SealStatusView;
  rotateKey: () => Promise<SealStatusView>;
}

type Handler = (operation: VaultOperation, match: string[], data: Record<string, unknown>) => Promise<SystemReply | null>;

const WRITE: readonly VaultOperation[] = ['create', 'update'];

export class SystemBackendService implements SystemBackend {
  private readonly routes: Array<[RegExp, Handler]>;

  constructor(private readonly deps: SystemBackendDeps) {
    this.routes = [
      [/^mounts\/?$/, (op) => this.only(op, ['read', 'list'], () => this.mountList())],
      [/^mounts\/(.+)\/tune$/, (op, m, data) => this.mountTune(op, m[1] as string, data)],
      [/^mounts\/(.+)$/, (op, m, data) => this.mount(op, m[1] as string, data)],
      [/^remount$/, (op, _m, data) => this.only(op, WRITE, () => this.remount(data))],
      [/^plugins\/catalog\/?$/, (op) => this.only(op, ['read', 'list'], async () => this.catalog())],
      [/^plugins\/catalog\/(secret|auth)\/?$/, (op, m) => this.only(op, ['list', 'read'], async () => this.catalogType(m[1] as 'secret'))],
      [/^plugins\/catalog\/(secret|auth)\/([^/]+)$/, (op, m, data) => this.catalogEntry(op, m[1] as 'secret', m[2] as string, data)],
      [/^plugins\/reload\/backend$/, (op, _m, data) => this.only(op, WRITE, () => this.reload(data))],
      [/^leases\/lookup\/?(.*)$/, (op, m, data) => this.leaseLookup(op, m[1] as string, data)],
      [/^leases\/renew\/?(.*)$/, (op, m, data) => this.only(op, WRITE, () => this.leaseRenew(m[1] as string, data))],
      [/^leases\/revoke-prefix\/(.+)$/, (op, m) => this.only(op, WRITE, () => this.leaseRevokePrefix(m[1] as string))],
      [/^leases\/revoke\/?(.*)$/, (op, m, data) => this.only(op, WRITE, () => this.leaseRevoke(m[1] as string, data))],
      [/^audit\/?$/, (op) => this.only(op, ['read', 'list'], async () => this.auditDevices())],
      [/^audit-hash\/.+$/, (op, _m, data) => this.only(op, WRITE, async () => ({ data: { hash: this.deps.hasher.hash(field(data, 'input')) } }))],
      [/^seal-status$/, (op) => this.only(op, ['read'], async () => ({ data: { type: 'passphrase', ...this.sealFacts() } }))],
      [/^key-status$/, (op) => this.only(op, ['read'], async () => this.keyStatus(this.deps.sealStatus()))],
      [/^rotate$/, (op) => this.only(op, WRITE, async () => this.keyStatus(await this.deps.rotateKey()))],
    ];
  }

  async handle(operation: VaultOperation, path: string, data: Record<string, unknown>): Promise<SystemReply | null> {
    for (const [pattern, handler] of this.routes) {
      const match = pattern.exec(path);
      if (match !== null) return handler(operation, match, data);
    }
    throw new CoreError('unsupported_path', `sys/${path} is not a system path. Ask for help on "sys/" to see them.`, { httpStatus: 404, path: `sys/${path}` });
  }

  help(): string {
    return 'The built-in system backend: mounts, mounts/<path>[/tune], remount, plugins/catalog[/<type>/<name>], plugins/reload/backend, leases/{lookup,renew,revoke,revoke-prefix}, audit, audit-hash/<device>, seal-status, key-status, rotate.';
  }

  private async only(operation: VaultOperation, allowed: readonly VaultOperation[], run: () => Promise<SystemReply | null>): Promise<SystemReply | null> {
    if (!allowed.includes(operation)) {
      throw new CoreError('unsupported_operation', `This system path does not support "${operation}" (it supports: ${allowed.join(', ')}).`, { httpStatus: 405 });
    }
    return run();
  }

  private async mountList(): Promise<SystemReply> {
    const data: Record<string, unknown> = {};
    for (const mount of this.deps.mounts.list()) data[mount.path] = { ...vaultMount(mount), ...this.deps.plugins.running(mount.path) };
    return { data };
  }

  private async mount(operation: VaultOperation, path: string, data: Record<string, unknown>): Promise<SystemReply | null> {
    if (operation === 'read') {
      const mount = this.deps.mounts.view(path);
      return { data: { ...vaultMount(mount), ...this.deps.plugins.running(mount.path) } };
    }
    if (operation === 'delete') {
      await this.deps.mounts.disable(path);
      return null;
    }
    if (!WRITE.includes(operation)) return this.only(operation, ['read', 'create', 'update', 'delete'], async () => null);
    const config = (data['config'] ?? {}) as Record<string, unknown>;
    await this.deps.mounts.enable({
      path,
      type: field(data, 'type'),
      description: optionalString(data, 'description'),
      pluginVersion: optionalString(data, 'plugin_version'),
      defaultLeaseTtl: duration(config['default_lease_ttl']),
      maxLeaseTtl: duration(config['max_lease_ttl']),
      options: stringMap(data['options']),
    });
    return null;
  }

  private async mountTune(operation: VaultOperation, path: string, data: Record<string, unknown>): Promise<SystemReply | null> {
    if (operation === 'read') {
      const mount = this.deps.mounts.view(path);
      return {
        data: {
          description: mount.description,
          default_lease_ttl: mount.defaultLeaseTtl,
          max_lease_ttl: mount.maxLeaseTtl,
          request_timeout: mount.requestTimeout,
          options: mount.options,
        },
      };
    }
    return this.only(operation, WRITE, async () => {
      await this.deps.mounts.tune({
        path,
        description: optionalString(data, 'description'),
        pluginVersion: optionalString(data, 'plugin_version'),
        defaultLeaseTtl: duration(data['default_lease_ttl']),
        maxLeaseTtl: duration(data['max_lease_ttl']),
        requestTimeout: duration(data['request_timeout']),
        options: data['options'] === undefined ? undefined : stringMap(data['options']),
      });
      return null;
    });
  }

  private async remount(data: Record<string, unknown>): Promise<SystemReply> {
    const mount = await this.deps.mounts.move(field(data, 'from'), field(data, 'to'));
    return { data: vaultMount(mount) };
  }

  private catalog(): SystemReply {
    const { plugins } = this.deps.plugins.list();
    const names = (type: string) => [...new Set(plugins.filter((p) => p.type === type).map((p) => p.name))].sort();
    return { data: { secret: names('secret'), auth: names('auth'), detailed: plugins.map(vaultCatalogEntry) } };
  }

  private catalogType(type: 'secret' | 'auth'): SystemReply {
    const names = this.deps.plugins.list().plugins.filter((p) => p.type === type).map((p) => p.name);
    return { data: { keys: [...new Set(names)].sort() } };
  }

  private async catalogEntry(operation: VaultOperation, type: 'secret' | 'auth', name: string, data: Record<string, unknown>): Promise<SystemReply | null> {
    const version = optionalString(data, 'version');
    if (operation === 'read') {
      const entry = this.deps.plugins.get(type, name, version);
      return entry === undefined ? null : { data: vaultCatalogEntry(entry) };
    }
    if (operation === 'delete') {
      this.deps.plugins.remove(type, name, version);
      return null;
    }
    return this.only(operation, WRITE, async () => {
      await this.deps.plugins.register({
        type,
        name,
        version,
        command: field(data, 'command'),
        args: stringList(data['args']),
        env: envList(data['env']),
        sha256: optionalString(data, 'sha256'),
      });
      return null;
    });
  }

  private async reload(data: Record<string, unknown>): Promise<SystemReply> {
    const plugin = optionalString(data, 'plugin');
    const mounts = data['mounts'] === undefined ? undefined : stringList(data['mounts']);
    const reloaded = await this.deps.plugins.reload(plugin !== undefined ? { plugin } : { mounts: mounts ?? [] });
    return { data: { reloaded } };
  }

  private async leaseLookup(operation: VaultOperation, prefix: string, data: Record<string, unknown>): Promise<SystemReply> {
    if (operation === 'list') {
      const folder = prefix.endsWith('/') || prefix === '' ? prefix : `${prefix}/`;
      const ids = this.deps.leases.list({ prefix: folder, limit: 1000 }).leases.map((lease) => lease.leaseId.slice(folder.length));
      const keys = [...new Set(ids.map((rest) => (rest.includes('/') ? rest.slice(0, rest.indexOf('/') + 1) : rest)))];
      return { data: { keys } };
    }
    const lease = this.deps.leases.lookup(field(data, 'lease_id'));
    return { data: { id: lease.leaseId, issue_time: lease.issueTime, expire_time: lease.expireTime, last_renewal: lease.lastRenewalTime, renewable: lease.renewable, ttl: lease.ttlSeconds } };
  }

  private async leaseRenew(idFromPath: string, data: Record<string, unknown>): Promise<SystemReply> {
    const lease = await this.deps.leases.renew(idFromPath || field(data, 'lease_id'), duration(data['increment']));
    return { data: { lease_id: lease.leaseId, lease_duration: lease.ttlSeconds, renewable: lease.renewable } };
  }

  private async leaseRevoke(idFromPath: string, data: Record<string, unknown>): Promise<null> {
    await this.deps.leases.revoke(idFromPath || field(data, 'lease_id'));
    return null;
  }

  private async leaseRevokePrefix(prefix: string): Promise<SystemReply> {
    return { data: { revoked: await this.deps.leases.revokePrefix(prefix) } };
  }

  /** Vault's seal-status fields: whether it is initialised and sealed (key details are in key-status). */
  private sealFacts(): { initialized: boolean; sealed: boolean } {
    const { initialized, sealed } = this.deps.sealStatus();
    return { initialized, sealed };
  }

  private keyStatus(status: SealStatusView): SystemReply {
    return { data: { term: status.activeKeyTerm ?? null, install_time: status.activeKeyInstalledAt ?? null } };
  }

  private auditDevices(): SystemReply {
    return { data: { 'sqlite/': { type: 'sqlite', path: 'sqlite/', description: 'The audit_log table of the Strongroom database (values HMAC-SHA256).', options: {}, local: true } } };
  }
}

function duration(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const seconds = typeof value === 'number' || typeof value === 'string' ? parseDurationSeconds(value) : undefined;
  if (seconds === undefined) throw new CoreError('invalid_request', `"${String(value)}" is not a duration (seconds, or e.g. 1h30m).`, { httpStatus: 400 });
  return seconds;
}

function envList(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return stringMap(value);
  return Object.fromEntries(stringList(value).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}

function vaultMount(mount: { path: string; type: string; description: string; accessor: string; uuid: string; defaultLeaseTtl: number; maxLeaseTtl: number; options: Record<string, string>; pluginVersion: string; builtin: boolean }) {
  return {
    type: mount.type,
    description: mount.description,
    accessor: mount.accessor,
    uuid: mount.uuid,
    config: { default_lease_ttl: mount.defaultLeaseTtl, max_lease_ttl: mount.maxLeaseTtl },
    options: mount.options,
    plugin_version: mount.pluginVersion,
    builtin: mount.builtin,
  };
}

function vaultCatalogEntry(entry: { type: string; name: string; version: string; command: string; args: string[]; sha256: string; mounts: string[] }) {
  return { type: entry.type, name: entry.name, version: entry.version, command: entry.command, args: entry.args, sha256: entry.sha256, builtin: false, mounts: entry.mounts };
}
