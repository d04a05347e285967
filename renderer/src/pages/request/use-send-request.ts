/** Sends one request, records it in the history, and keeps the latest result or error and what was sent. */
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { RequestOperation } from '../../../../electron/common/contract/requests';
import { useContractMutation } from '../../client/use-contract';
import { recordRequest } from './history-store';

export function useSendRequest() {
  const handle = useContractMutation('requests.handle', ['plugins.status', 'leases.list', 'audit.list']);
  const queryClient = useQueryClient();
  const [last, setLast] = useState<SentRequest | undefined>(undefined);
  const send = (path: string, operation: RequestOperation, data: Record<string, unknown> | undefined) => {
    setLast({ path, operation, data });
    handle.mutate(
      { path, operation, data },
      {
        onSuccess: (result) => {
          recordRequest({ path, operation, data, outcome: { ok: true, requestId: result.requestId, durationMs: result.durationMs } });
          // Writes and deletes change what LIST answers: refresh the tree's listings.
          if (operation !== 'read' && operation !== 'list') void queryClient.invalidateQueries({ queryKey: ['requests.handle'] });
        },
        onError: (error) => recordRequest({ path, operation, data, outcome: { ok: false, code: error.code, message: error.message } }),
      },
    );
  };
  return { send, last, result: handle.data, error: handle.error, pending: handle.isPending, reset: handle.reset };
}

export interface SentRequest {
  path: string;
  operation: RequestOperation;
  data: Record<string, unknown> | undefined;
}
