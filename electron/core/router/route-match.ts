/**
 * Longest-prefix routing of a full request path (`secret/data/app`) to a mount (`secret/`), as
 * Vault's router does: `secret` alone also finds `secret/`. Mounts never nest (see mount-path), so
 * at most one mount matches; the longest-prefix rule keeps routing correct even if that changes.
 */

/** Request paths: no leading `/`. Everything else is the plugin's business. */
export function normaliseRequestPath(path: string): string {
  return path.trim().replace(/^\/+/, '');
}

export interface RouteMatch<M> {
  mount: M;
  mountPath: string;
  /** The path relative to the mount ('' for the mount root). */
  relativePath: string;
}

export function matchMount<M>(fullPath: string, mounts: ReadonlyMap<string, M>): RouteMatch<M> | undefined {
  let best: string | undefined;
  for (const mountPath of mounts.keys()) {
    const matches = fullPath.startsWith(mountPath) || `${fullPath}/` === mountPath;
    if (matches && (best === undefined || mountPath.length > best.length)) best = mountPath;
  }
  if (best === undefined) return undefined;
  return { mount: mounts.get(best) as M, mountPath: best, relativePath: fullPath.slice(best.length) };
}
