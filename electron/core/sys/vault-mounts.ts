/**
 * Mounts in the shape Vault's `sys/mounts`, `sys/auth` and `sys/internal/ui/mounts` answer with
 * (OpenBao's `mountInfo`): the same keys, types and nesting, so the CLI, hvac, node-vault and
 * Terraform read them unchanged. Strongroom has one node and no response cache, so `local`,
 * `seal_wrap`, `external_entropy_access` and `force_no_cache` are always false (the barrier
 * encrypts everything anyway); `sys/` and the token store are listed as OpenBao lists them.
 */
import type { MountView } from '../../common/contract/mounts';
import { CoreError } from '../core-errors';
import { SYSTEM_DEFAULT_TTL_SECONDS } from '../leases/lease';
import { normaliseMountPath } from '../mounts/mount-path';
import { TOKEN_MOUNT } from '../tokens/token-backend';
import { appVersion } from '../version';
import type { SystemBackendDeps } from './system-deps';

/** What Vault reports as the version of a builtin engine (`v2.7.2+builtin.bao` in OpenBao): a semver. */
export function builtinVersion(): string {
  return `v${appVersion()}+builtin.strongroom`;
}

interface RunningPlugin {
  running_plugin_version: string;
  running_sha256: string;
}

function entry(mount: MountView, running: RunningPlugin, options: Record<string, string> | null, config: Record<string, unknown> = {}) {
  return {
    type: mount.type,
    description: mount.description,
    accessor: mount.accessor,
    uuid: mount.uuid,
    local: false,
    seal_wrap: false,
    external_entropy_access: false,
    options,
    plugin_version: mount.pluginVersion,
    ...running,
    config: { default_lease_ttl: mount.defaultLeaseTtl, max_lease_ttl: mount.maxLeaseTtl, force_no_cache: false, ...config },
  };
}

/** One secrets mount as `sys/mounts` lists it (`sys/` included, with Vault's `options: null` for it). */
export function vaultMount(deps: SystemBackendDeps, mount: MountView) {
  if (mount.builtin) return entry(mount, { running_plugin_version: builtinVersion(), running_sha256: '' }, null);
  const running = deps.plugins.running(mount.path);
  // As Vault: a plugin that reports no version runs as the catalog version it was started from.
  if (running.running_plugin_version === '') running.running_plugin_version = mount.pluginVersion;
  return entry(mount, running, mount.options);
}

/** Every secrets mount by path, `sys/` first as in the mount table. */
export function vaultMounts(deps: SystemBackendDeps): Record<string, ReturnType<typeof vaultMount>> {
  const out: Record<string, ReturnType<typeof vaultMount>> = {};
  for (const mount of deps.mounts.list()) out[mount.path] = vaultMount(deps, mount);
  return out;
}

/** The token store: built in at auth/token/, beside the auth plugins enabled through sys/auth. */
const TOKEN_AUTH: MountView = {
  path: 'token/',
  uuid: TOKEN_MOUNT.uuid,
  accessor: TOKEN_MOUNT.accessor,
  type: 'token',
  pluginVersion: '',
  builtin: true,
  description: 'token based credentials',
  defaultLeaseTtl: 0,
  maxLeaseTtl: 0,
  requestTimeout: 0,
  options: {},
  createdAt: new Date(0).toISOString(),
};

/** Every auth method's tokens are service tokens (Strongroom has no batch tokens). */
const AUTH_CONFIG = { token_type: 'default-service' };

/** The token store as `sys/auth` lists it. */
export function vaultTokenAuthMount() {
  return entry(TOKEN_AUTH, { running_plugin_version: builtinVersion(), running_sha256: '' }, null, AUTH_CONFIG);
}

/** An auth method served by a plugin (`mount.path` is its router path, `auth/jwt/`), as `sys/auth` lists it. */
export function vaultAuthMount(deps: SystemBackendDeps, mount: MountView) {
  const running = deps.plugins.running(mount.path);
  if (running.running_plugin_version === '') running.running_plugin_version = mount.pluginVersion;
  return entry(mount, running, mount.options, AUTH_CONFIG);
}

/** `jwt/` for the auth method served at `auth/jwt/`: how sys/auth names it. */
export function authPathOf(mount: MountView): string {
  return mount.path.slice('auth/'.length);
}

/** The auth methods by path, as `sys/auth` lists them: `token/` and every enabled auth plugin. */
export function vaultAuthMounts(deps: SystemBackendDeps): Record<string, ReturnType<typeof vaultAuthMount>> {
  const out: Record<string, ReturnType<typeof vaultAuthMount>> = { 'token/': vaultTokenAuthMount() };
  for (const mount of deps.mounts.listAuth()) out[authPathOf(mount)] = vaultAuthMount(deps, mount);
  return out;
}

/** The auth method enabled at `path` (as sys/auth names it: `jwt` or `jwt/`), if any. */
export function findAuthMount(deps: SystemBackendDeps, path: string): MountView | undefined {
  const routerPath = `auth/${normaliseMountPath(path)}`;
  return deps.mounts.listAuth().find((mount) => mount.path === routerPath);
}

/** The mount at `path` (`sys/` included: the list has it), if any. */
export function findMount(deps: SystemBackendDeps, path: string): MountView | undefined {
  const normalised = normaliseMountPath(path);
  return deps.mounts.list().find((mount) => mount.path === normalised);
}

/** The mount at `path`, or Vault's 400 "No secret engine mount at …". */
export function mountAt(deps: SystemBackendDeps, path: string): MountView {
  const found = findMount(deps, path);
  if (found === undefined) {
    const normalised = normaliseMountPath(path);
    throw new CoreError('mount_not_found', `No secret engine mount at ${normalised}: list sys/mounts to see the mount paths.`, { httpStatus: 400, path: normalised });
  }
  return found;
}

/** A user mount at `path` (Vault's 400 for sys/, which cannot be tuned, moved or disabled). */
export function userMountAt(deps: SystemBackendDeps, path: string, change: string): MountView {
  const mount = mountAt(deps, path);
  if (mount.builtin) {
    throw new CoreError('mount_reserved', `sys/ is Strongroom's built-in system backend and cannot be ${change}; pick a mount from sys/mounts.`, { httpStatus: 400, path: mount.path });
  }
  return mount;
}

/**
 * The mount a request path is under (longest prefix), as `sys/internal/ui/mounts/<path>` finds
 * it; undefined for none. `auth/token/…` is the token store.
 */
export function mountServing(deps: SystemBackendDeps, requestPath: string): { path: string; mount: ReturnType<typeof vaultMount> } | undefined {
  const path = requestPath.endsWith('/') ? requestPath : `${requestPath}/`;
  // Vault names an auth method by its path in the auth table: `token/`.
  if (path.startsWith('auth/token/')) return { path: 'token/', mount: vaultTokenAuthMount() };
  const auth = deps.mounts.listAuth().find((mount) => path.startsWith(mount.path));
  // As in the auth table: `jwt/` for the method served at auth/jwt/.
  if (auth !== undefined) return { path: authPathOf(auth), mount: vaultAuthMount(deps, auth) };
  const matches = deps.mounts.list().filter((mount) => path.startsWith(mount.path));
  const longest = matches.sort((a, b) => b.path.length - a.path.length)[0];
  return longest === undefined ? undefined : { path: longest.path, mount: vaultMount(deps, longest) };
}

/** Vault's tune read: the effective TTLs (0 means the system default of 768 h, shown as such). */
export function effectiveTtl(seconds: number): number {
  return seconds > 0 ? seconds : SYSTEM_DEFAULT_TTL_SECONDS;
}
