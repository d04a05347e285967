/**
 * What `sys/mounts` and `sys/auth` share: a secrets mount and an auth method are both rows of the
 * one mount table, enabled and tuned with the same settings and read back in the same tune shape
 * (OpenBao's `mountConfig`). Each caller keeps only its own rules (KV's `options.version`, an auth
 * method's token type, which path names which mount).
 */
import type { MountView } from '../../common/contract/mounts';
import type { TuneMount } from '../mounts/mount-service';
import type { FieldData } from './declare';
import { optionalText, stringMap, ttlSeconds } from './fields';
import { effectiveTtl } from './vault-mounts';

/** An options map, or undefined when absent or null (Vault's CLI sends `"options": null` when none are given). */
export function optionsOf(data: FieldData): Record<string, string> | undefined {
  const raw = data.raw['options'];
  return raw === undefined || raw === null ? undefined : stringMap(data.get('options'), 'options');
}

/** The enable settings from a `sys/mounts/<p>` or `sys/auth/<p>` write; its lease TTLs sit in `config`. */
export function enableSettings(data: FieldData, config: Record<string, unknown>) {
  // `secrets enable` / `auth enable -plugin-version` send it inside config; the API also takes it at the top.
  const configVersion = typeof config['plugin_version'] === 'string' ? config['plugin_version'] : undefined;
  return {
    description: optionalText(data, 'description'),
    pluginVersion: optionalText(data, 'plugin_version') || configVersion || undefined,
    defaultLeaseTtl: ttlSeconds(config['default_lease_ttl'], 'config.default_lease_ttl'),
    maxLeaseTtl: ttlSeconds(config['max_lease_ttl'], 'config.max_lease_ttl'),
  };
}

/** A tune write's changes (fields left out stay as they are) for the mount at `path`. */
export function tuneChanges(path: string, data: FieldData): TuneMount {
  return {
    path,
    description: optionalText(data, 'description'),
    pluginVersion: optionalText(data, 'plugin_version'),
    defaultLeaseTtl: ttlSeconds(data.raw['default_lease_ttl'], 'default_lease_ttl'),
    maxLeaseTtl: ttlSeconds(data.raw['max_lease_ttl'], 'max_lease_ttl'),
    requestTimeout: ttlSeconds(data.raw['request_timeout'], 'request_timeout'),
    options: optionsOf(data),
  };
}

/**
 * Vault's tune read: effective TTLs, and `options` / `plugin_version` only when set. `extra` (an
 * auth method's `token_type`) comes right after `force_no_cache`, where OpenBao puts it.
 */
export function tuneView(mount: MountView, extra: Record<string, unknown> = {}) {
  return {
    data: {
      description: mount.description,
      default_lease_ttl: effectiveTtl(mount.defaultLeaseTtl),
      max_lease_ttl: effectiveTtl(mount.maxLeaseTtl),
      force_no_cache: false,
      ...extra,
      ...(Object.keys(mount.options).length > 0 ? { options: mount.options } : {}),
      ...(mount.pluginVersion !== '' ? { plugin_version: mount.pluginVersion } : {}),
      // Strongroom's own: the per-request deadline of the mount's plugin (seconds), sent only when
      // set, so a default mount answers exactly as OpenBao's does.
      ...(mount.requestTimeout > 0 ? { request_timeout: mount.requestTimeout } : {}),
    },
  };
}
