import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { SealStatusView } from '../../../../electron/common/contract/seal';
import { contractKey, useContractEvent, useContractQuery } from '../../client/use-contract';
import { clearHistory } from '../request/history-store';

/** The seal state, kept current by `seal.changed` pushes (another window may seal the app). */
export function useSealStatus() {
  const queryClient = useQueryClient();
  useContractEvent('seal.changed', (status) => applySealStatus(queryClient, status));
  return useContractQuery('seal.status', {});
}

/** Records a new seal state. Sealed means no secret in memory: every cached answer and the request history go too. */
export function applySealStatus(queryClient: QueryClient, status: SealStatusView): void {
  queryClient.setQueryData(contractKey('seal.status', {}), status);
  if (!status.sealed) return;
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'seal.status' && q.queryKey[0] !== 'app.info' });
  clearHistory();
}
