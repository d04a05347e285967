/**
 * The plugin host's public surface. The core (electron/) imports from here only: the supervisor
 * that runs plugins and answers requests, the catalog that pins their binaries, the domain types
 * of Vault requests and responses, and the named errors.
 */
export { PluginSupervisor } from './supervisor/supervisor';
export type { SupervisorOptions, MountRequest, MountResult, MountInfo } from './supervisor/supervisor';
export type { MountSpec } from './supervisor/mount-spec';
export { DEFAULT_LEASE_TTL_SECONDS } from './supervisor/mount-spec';
export type { SupervisorEvents, SupervisorEventMap, ProcessStatus, MountReport } from './supervisor/events';
export type { ProcessState } from './supervisor/process-state';
export type { BackoffPolicy } from './supervisor/backoff';
export { DEFAULT_BACKOFF } from './supervisor/backoff';

export { DEFAULT_LIMITS, PluginCatalog, InMemoryCatalogStore, KeptBinaries } from './catalog/catalog';
export { PinChangedMeanwhile, registeredEntry, repin, repinPreview, setDevelopment, undoRepin } from './catalog/catalog-pins';
export type { EntryRef, FileFacts, RepinPreview } from './catalog/catalog-pins';
export type { KeptBinary } from './catalog/kept-binaries';
export { versionKey } from './catalog/semver';
export { classifyExecutable, readHead } from './catalog/executable-format';
export type { ExecutableFormat } from './catalog/executable-format';
export type { BuiltinCatalogEntry, CatalogEntry, CatalogStore, PluginType, RegistrationInput } from './catalog/catalog';

export type { StoragePort, StorageEntry, OffThreadStorage, OffThreadStore } from './storage-port';
export { offThreadStorageOf } from './storage-port';
export type { StorageTrace, StorageOperation } from './vault/request-trace';
export type { PluginReport } from './vault/events-server';
export type {
  VaultOperation,
  VaultRequest,
  VaultResponse,
  VaultResponseWrapInfo,
  VaultSecret,
  VaultAuth,
  VaultAlias,
  VaultLease,
  VaultSpecialPaths,
  VaultBackendType,
  ExistenceCheckResult,
} from './vault/types';
export type { PluginLogLine, PluginLogLevel } from './launch/log-line';
export { secondsToNanos, nanosToSeconds } from '../proto/wire/go-time';

export { HostError, isHostError, HOST_ERROR_CODES } from './errors';
export type { HostErrorCode } from './errors';
