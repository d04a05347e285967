import { useQueryClient } from '@tanstack/react-query';
import type { PluginProcessView } from '../../../../electron/common/contract/plugins';
import { contractKey, useContractEvent, useContractQuery } from '../../client/use-contract';

type StatusList = { processes: PluginProcessView[] };
const KEY = contractKey('plugins.status', {});
const RESOURCE_POLL_MS = 2_000;

/**
 * `plugins.status`, patched at once by every `plugins.status` push (one process slot each), then
 * refetched so every row's uptime is measured from the same moment (`dataUpdatedAt`). Memory and
 * CPU change without a push: polled every 2 s while the page is open (one small call; the host
 * samples anyway, for the memory ceiling), which is cheaper than pushing every sample to every
 * client.
 */
export function usePluginProcesses() {
  const queryClient = useQueryClient();
  useContractEvent('plugins.status', (process) => {
    queryClient.setQueryData<StatusList>(KEY, (old) => {
      const rest = (old?.processes ?? []).filter((p) => p.id !== process.id);
      return { processes: [...rest, process].sort((a, b) => a.plugin.localeCompare(b.plugin) || a.id.localeCompare(b.id)) };
    });
    void queryClient.invalidateQueries({ queryKey: KEY, exact: true });
  });
  return useContractQuery('plugins.status', {}, { refetchInterval: RESOURCE_POLL_MS });
}
