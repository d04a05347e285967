/** Loads (by LIST, through react-query) the children of every expanded folder the plugin can list. */
import { useMemo } from 'react';
import { useQueries } from '@tanstack/react-query';
import { useClient } from '../../client/client-context';
import { contractKey } from '../../client/use-contract';
import type { ClientError } from '../../client/contract-client';
import type { PathModel } from '../../forms/openapi-form-model';
import { canList, listedEntries, staticEntries, type TreeEntry } from './tree-model';

export function useTreeChildren(mountPath: string, models: PathModel[], folders: string[]) {
  const client = useClient();
  const listable = folders.filter((f) => canList(models, f));
  const results = useQueries({
    queries: listable.map((folder) => {
      const args = { path: mountPath + folder, operation: 'list' as const };
      return {
        queryKey: contractKey('requests.handle', args),
        queryFn: async () => {
          try {
            return await client.invoke('requests.handle', args);
          } catch (error) {
            if ((error as ClientError).code === 'not_found') return null; // an empty folder
            throw error;
          }
        },
      };
    }),
  });
  const byFolder = new Map(listable.map((folder, i) => [folder, results[i]]));
  const loading = results.some((r) => r.isPending);
  const errors = results.flatMap((r) => (r.error === null ? [] : [r.error as ClientError]));

  // Entries are rebuilt only when a listing changes, not on every scroll frame of the tree.
  const version = results.map((r) => `${r.dataUpdatedAt}:${r.isPending}`).join(',');
  const childrenOf = useMemo(() => {
    const cache = new Map<string, TreeEntry[] | undefined>();
    return (folder: string): TreeEntry[] | undefined => {
      if (cache.has(folder)) return cache.get(folder);
      const fixed = staticEntries(models, folder);
      const listed = byFolder.get(folder);
      let entries: TreeEntry[] | undefined = fixed;
      if (listed?.isPending === true) entries = undefined;
      else if (listed !== undefined) {
        const keys = (listed.data?.data as { keys?: unknown } | null | undefined)?.keys;
        // A listing without `keys` (sys/mounts answers a map of mounts) leaves the templates to pick.
        entries = Array.isArray(keys) ? [...fixed.filter((e) => e.kind !== 'template'), ...listedEntries(folder, keys)] : fixed;
      }
      cache.set(folder, entries);
      return entries;
    };
    // byFolder is rebuilt every render; `version` says when its contents changed.
  }, [models, version]);
  return { childrenOf, loading, errors, refetch: () => Promise.all(results.map((r) => r.refetch())) };
}
