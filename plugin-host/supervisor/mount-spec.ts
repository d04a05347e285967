/** A mount as the supervisor needs it: which catalog entry serves it, its options and storage. */
import type { PluginType } from '../catalog/catalog';
import type { StoragePort } from '../storage-port';

export interface MountSpec {
  /** The mount's UUID; sent to the plugin as `backendUUID`. */
  id: string;
  /** Mount point with a trailing slash, e.g. `kv/`; sent per request as `mount_point`. */
  path: string;
  pluginType: PluginType;
  pluginName: string;
  /** Catalog version; the newest registered one when absent. */
  pluginVersion?: string;
  /** Mount options passed to Setup's config (e.g. `version: '2'` for KV v2). */
  options?: Record<string, string>;
  storage: StoragePort;
  /** Vault's defaults: 768 h for both. */
  defaultLeaseTtlSeconds?: number;
  maxLeaseTtlSeconds?: number;
  mountAccessor?: string;
}

export const DEFAULT_LEASE_TTL_SECONDS = 768 * 3600;

export function normaliseMountPath(path: string): string {
  const trimmed = path.replace(/^\/+/, '');
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}
