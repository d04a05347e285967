/**
 * The main process's services, composed once and shared by both transports (Electron IPC and the
 * headless server). Each domain contributes its handler map; `close()` stops everything it started.
 * Strongroom starts sealed: only `app.*` and `seal.*` answer until it is unsealed.
 */
import fs from 'node:fs';
import { methodsAllowedWhileSealed, type ContractHandlers, type MethodName } from '../common/contract';
import { Storage, type KdfParams } from '../storage';
import { auditHandlers } from './audit/audit-handlers';
import { AuditLog } from './audit/audit-log';
import { createDispatcher, type Dispatcher } from './dispatch';
import { EventBus } from './event-bus';
import { leaseHandlers } from './leases/lease-handlers';
import { mountHandlers } from './mounts/mount-handlers';
import { pluginHandlers } from './plugins/plugin-handlers';
import { requestHandlers } from './router/request-handlers';
import { sealHandlers } from './seal/seal-handlers';
import { tokenHandlers } from './tokens/token-handlers';
import { policyHandlers } from './policies/policy-handlers';
import { storageInspectorHandlers } from './storage-inspector/storage-inspector-handlers';
import { CoreLifecycle } from './core-lifecycle';
import { appVersion } from './version';
import { createVaultApiPort, type VaultApiPort } from './vault-api-port';

export interface AppServicesOptions {
  dataDir: string;
  mode: 'electron' | 'headless';
  /** scrypt cost for wrapping the root key (tests use a cheaper one); the storage default otherwise. */
  kdf?: KdfParams;
}

export interface AppServices {
  dispatch: Dispatcher;
  events: EventBus;
  /** What the Vault HTTP API (`electron/vault-api/`) serves from. */
  vaultApi: VaultApiPort;
  close(): Promise<void>;
}

export async function createAppServices(options: AppServicesOptions): Promise<AppServices> {
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const events = new EventBus();
  const storage = Storage.open({ dataDir: options.dataDir, kdf: options.kdf });
  let auditLog: AuditLog;
  try {
    auditLog = new AuditLog(storage.openAuditConnection());
  } catch (error) {
    storage.close();
    throw error;
  }
  const lifecycle = new CoreLifecycle({ storage, dataDir: options.dataDir, events, auditLog });
  const core = () => lifecycle.core();
  let vaultApiAddress: string | null = null;
  const vaultApi = createVaultApiPort({ lifecycle, dataDir: options.dataDir, onAnnounce: (url) => (vaultApiAddress = url) });
  const handlers: ContractHandlers = {
    'app.info': async () => ({
      name: 'Strongroom',
      version: appVersion(),
      mode: options.mode,
      dataDir: options.dataDir,
      platform: process.platform,
      vaultApiAddress,
    }),
    ...sealHandlers(lifecycle),
    ...pluginHandlers(core),
    ...mountHandlers(core),
    ...requestHandlers(core),
    ...leaseHandlers(core),
    ...auditHandlers(core, auditLog),
    ...tokenHandlers(core),
    ...policyHandlers(),
    ...storageInspectorHandlers(core),
  };
  let closed = false;
  return {
    dispatch: createDispatcher(gatedWhileSealed(handlers, core)),
    events,
    vaultApi,
    async close() {
      if (closed) return;
      closed = true;
      await lifecycle.close();
      auditLog.close();
      storage.close();
    },
  };
}

/**
 * Every method outside `methodsAllowedWhileSealed` first asks for the unsealed runtime, so it
 * answers `sealed` (or `not_initialized`) before its handler runs, whatever the handler does.
 */
function gatedWhileSealed(handlers: ContractHandlers, core: () => unknown): ContractHandlers {
  const gated: Record<string, (args: unknown) => Promise<unknown>> = {};
  for (const [method, handler] of Object.entries(handlers) as Array<[MethodName, (args: unknown) => Promise<unknown>]>) {
    gated[method] = methodsAllowedWhileSealed.includes(method)
      ? handler
      : async (args) => {
          core();
          return handler(args);
        };
  }
  return gated as ContractHandlers;
}
