/**
 * Everything that exists only while unsealed: settings, the catalog and plugin supervisor, the
 * mount table, leases, the audit hasher, the token store, the built-in backends and the request router. Built from
 * the barrier at unseal, torn down at seal (plugins stopped, timers cleared, the audit key zeroed).
 * It only wires: each part's behaviour lives in its own module.
 */
import { join } from 'node:path';
import { pluginSocketRoot } from './plugins/socket-root';
import type { SealStatusView } from '../common/contract/seal';
import type { Storage } from '../storage';
import { AuditHasher } from './audit/audit-hmac';
import { loadBuiltinCatalog } from './builtins/builtin-catalog';
import { defaultBuiltinsDirectory } from './builtins/builtin-plugins';
import type { AuditLog } from './audit/audit-log';
import type { EventBus } from './event-bus';
import { auditedPluginLeaseBackend } from './leases/audited-plugin-lease-backend';
import { LeaseManager } from './leases/lease-manager';
import { LeaseStore } from './leases/lease-store';
import { MountService } from './mounts/mount-service';
import { MountTable } from './mounts/mount-table';
import { PluginRuntime } from './plugins/plugin-runtime';
import { PluginService } from './plugins/plugin-service';
import { AdminChangeAudit } from './router/admin-change-audit';
import { BuiltinBackends } from './router/builtin-backends';
import { RequestAudit } from './router/request-audit';
import { RequestRouter } from './router/request-router';
import { SettingsStore } from './settings/settings-store';
import { StorageInspector } from './storage-inspector/storage-inspector';
import { SystemBackend } from './sys/system-backend';
import { LoginTokens } from './tokens/login-tokens';
import { TokenBackend } from './tokens/token-backend';
import { TokenStore } from './tokens/token-store';
import { policyAccessCheck } from './policies/access-check';
import { PolicyStore } from './policies/policy-store';
import { ResponseWrapping } from './wrapping/response-wrapping';
import { withWrappingTokens } from './wrapping/wrapping-token-guard';

export interface CoreRuntimeOptions {
  storage: Storage;
  dataDir: string;
  events: EventBus;
  auditLog: AuditLog;
  sealStatus: () => SealStatusView;
  /** Rotation goes through the lifecycle (one lifecycle operation at a time). */
  rotateKey: () => Promise<SealStatusView>;
}

export class CoreRuntime {
  readonly settings: SettingsStore;
  readonly table: MountTable;
  readonly plugins: PluginRuntime;
  readonly pluginService: PluginService;
  readonly leases: LeaseManager;
  readonly mounts: MountService;
  readonly hasher: AuditHasher;
  readonly tokens: TokenStore;
  readonly policies: PolicyStore;
  readonly wrapping: ResponseWrapping;
  readonly router: RequestRouter;
  /** Contract calls that change the core, audited as the sys/ requests that would make them. */
  readonly adminChanges: AdminChangeAudit;
  readonly storageInspector: StorageInspector;

  constructor(options: CoreRuntimeOptions) {
    const { storage, events } = options;
    this.settings = new SettingsStore(storage, options.dataDir);
    this.table = new MountTable(storage);
    this.hasher = AuditHasher.load(storage);
    this.tokens = TokenStore.open(storage);
    this.policies = PolicyStore.open(storage);
    this.wrapping = new ResponseWrapping(this.tokens, storage);
    this.plugins = new PluginRuntime(
      {
        storage,
        events,
        socketRoot: pluginSocketRoot(options.dataDir),
        mountPath: (uuid) => this.table.get(uuid)?.path,
        builtins: loadBuiltinCatalog(defaultBuiltinsDirectory()),
        keptDirectory: join(options.dataDir, 'plugin-pins'),
      },
      this.settings.pluginDirectory(),
    );
    this.plugins.addMounts(this.table.list());
    this.pluginService = new PluginService(this.plugins, this.table, this.settings, events);
    // Entries left in development mode are watched again.
    this.pluginService.dev.sync();
    const audit = new RequestAudit(options.auditLog, this.hasher);
    this.adminChanges = new AdminChangeAudit(audit);
    this.leases = new LeaseManager({
      store: new LeaseStore(storage),
      events,
      mount: (uuid) => this.table.get(uuid),
      backend: auditedPluginLeaseBackend(this.plugins, audit),
      tokenAlive: (accessor) => this.tokens.lookupAccessor(accessor) !== undefined,
    });
    // Revoking (or expiring) a token revokes the leases it obtained, as Vault does.
    this.tokens.revocations.on((accessors) => this.leases.revokeByToken(accessors), () => this.leases.revokeLeasesOfGoneTokens());
    this.mounts = new MountService(this.table, this.plugins, this.leases, storage, events, this.tokens);
    const system = new SystemBackend({
      mounts: this.mounts,
      plugins: this.pluginService,
      leases: this.leases,
      hasher: this.hasher,
      policies: this.policies,
      tokens: this.tokens,
      sealStatus: options.sealStatus,
      rotateKey: options.rotateKey,
      wrapping: this.wrapping,
    });
    // The built-in backends, found by prefix before the mount table: one entry each.
    // Auth plugins' logins become tokens, and those tokens' renewals go back to their plugin.
    const logins = new LoginTokens(this.tokens, this.plugins, this.table);
    const tokenBackend = new TokenBackend(this.tokens, (name) => this.policies.has(name), (record, increment) => logins.renew(record, increment));
    const builtins = new BuiltinBackends([system, tokenBackend]);
    const access = withWrappingTokens(policyAccessCheck(this.policies));
    this.router = new RequestRouter({ table: this.table, plugins: this.plugins, leases: this.leases, audit, builtins, tokens: this.tokens, access, wrapping: this.wrapping, logins });
    this.storageInspector = new StorageInspector(this.table, storage, this.plugins.capture);
    this.leases.start();
  }

  async close(): Promise<void> {
    this.leases.stop();
    this.tokens.stop();
    this.pluginService.dev.stop();
    await this.plugins.stop();
    this.hasher.destroy();
  }
}
