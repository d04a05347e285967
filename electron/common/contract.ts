/**
 * The one typed contract between the renderer and the main process: method name → argument schema
 * and result type, plus push events. Each domain declares its slice in `contract/<domain>.ts`; this
 * file composes them. Electron IPC and the headless HTTP/WebSocket bridge are two transports of it.
 */
import type { z } from 'zod';
import { appMethods, type AppResults, type AppEvents } from './contract/app';
import { auditMethods, type AuditResults } from './contract/audit';
import { leasesMethods, type LeasesEvents, type LeasesResults } from './contract/leases';
import { mountsMethods, type MountsEvents, type MountsResults } from './contract/mounts';
import { pluginsMethods, type PluginsEvents, type PluginsResults } from './contract/plugins';
import { pluginDevMethods, type PluginDevEvents, type PluginDevResults } from './contract/plugin-dev';
import { requestsMethods, type RequestsResults } from './contract/requests';
import { sealMethods, type SealEvents, type SealResults } from './contract/seal';
import { settingsMethods, type SettingsResults } from './contract/settings';
import { tokensMethods, type TokensResults } from './contract/tokens';
import { policiesMethods, type PoliciesResults } from './contract/policies';
import { storageInspectorMethods, type StorageInspectorResults } from './contract/storage-inspector';

export const contractMethods = {
  ...appMethods,
  ...sealMethods,
  ...settingsMethods,
  ...pluginsMethods,
  ...pluginDevMethods,
  ...mountsMethods,
  ...requestsMethods,
  ...leasesMethods,
  ...auditMethods,
  ...tokensMethods,
  ...policiesMethods,
  ...storageInspectorMethods,
} as const;

export type ContractMethods = typeof contractMethods;
export type MethodName = keyof ContractMethods;
export type MethodArgs<M extends MethodName> = z.input<ContractMethods[M]>;
export type ParsedArgs<M extends MethodName> = z.output<ContractMethods[M]>;

export type ContractResults = AppResults &
  SealResults &
  SettingsResults &
  PluginsResults &
  PluginDevResults &
  MountsResults &
  RequestsResults &
  LeasesResults &
  AuditResults &
  TokensResults &
  PoliciesResults &
  StorageInspectorResults;
export type MethodResult<M extends MethodName> = M extends keyof ContractResults ? ContractResults[M] : never;

export type ContractEvents = AppEvents & SealEvents & PluginsEvents & PluginDevEvents & MountsEvents & LeasesEvents;
export type EventName = keyof ContractEvents;

/** What main implements: one async handler per method, fed already-validated arguments. */
export type ContractHandlers = {
  [M in MethodName]: (args: ParsedArgs<M>) => Promise<MethodResult<M>>;
};

/** Methods that answer while sealed; every other one answers `sealed`. */
export const methodsAllowedWhileSealed: readonly MethodName[] = [
  'app.info',
  'seal.status',
  'seal.init',
  'seal.unseal',
  'seal.seal',
];

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contractMethods, value);
}
