/**
 * "Development" beside a mount's header when the catalog entry serving it is in development mode
 * (its rebuilds are reloaded on their own); the catalog list refreshes when a reload lands.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useContractEvent, useContractQuery } from '../../client/use-contract';

export function DevelopmentBadge({ mountPath }: { mountPath: string }) {
  const catalog = useContractQuery('plugins.list', {});
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['plugins.list'] });
  useContractEvent('plugins.reloaded', refresh);
  useContractEvent('plugins.reloadFailed', refresh);
  const entry = catalog.data?.plugins.find((p) => p.development !== null && p.mounts.includes(mountPath));
  if (entry?.development == null) return null;
  const failure = entry.development.lastFailure;
  return (
    <span className="badge" data-testid="mount-development" title={`Development mode: watching ${entry.development.watching}${failure ? ` · last rebuild failed: ${failure.message}` : ''}`}>
      Development
    </span>
  );
}
