/**
 * Which mount a full path belongs to (longest prefix, as the router does) and that mount's
 * path models, built from the plugin's own OpenAPI (`requests.help` on the mount path). The
 * built-in `sys/` is a mount like the others: its OpenAPI comes from its declarations.
 */
import { useMemo } from 'react';
import type { MountView } from '../../../../electron/common/contract/mounts';
import { useContractQuery } from '../../client/use-contract';
import { pathModelsFrom, type PathModel } from '../../forms/openapi-form-model';
import type { OpenApiDocument } from '../../forms/openapi-types';

export function mountFor(mounts: MountView[], fullPath: string): MountView | undefined {
  const candidates = mounts.filter((m) => (fullPath + (fullPath.endsWith('/') ? '' : '/')).startsWith(m.path));
  return candidates.sort((a, b) => b.path.length - a.path.length)[0];
}

export function useMountSchema(fullPath: string) {
  const mounts = useContractQuery('mounts.list', {});
  const mount = mounts.data === undefined ? undefined : mountFor(mounts.data.mounts, fullPath);
  const help = useContractQuery('requests.help', { path: mount?.path ?? '' }, { enabled: mount !== undefined, staleTime: Infinity });
  const models: PathModel[] = useMemo(() => pathModelsFrom((help.data?.openapi ?? undefined) as OpenApiDocument | undefined), [help.data]);
  const relative = mount === undefined ? '' : fullPath.slice(Math.min(mount.path.length, fullPath.length));
  return { mounts, mount, help, models, relative };
}
