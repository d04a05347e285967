/** react-query keys are `[method, args]`, so every cached answer is named by the call that made it. */
import { useEffect, useRef } from 'react';
import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import type { ContractEvents, EventName, MethodArgs, MethodName, MethodResult } from '../../../electron/common/contract';
import { useClient } from './client-context';
import type { ClientError } from './contract-client';

export function contractKey<M extends MethodName>(method: M, args: MethodArgs<M>): readonly [M, MethodArgs<M>] {
  return [method, args] as const;
}

export function useContractQuery<M extends MethodName>(
  method: M,
  args: MethodArgs<M>,
  options: Omit<UseQueryOptions<MethodResult<M>, ClientError>, 'queryKey' | 'queryFn'> = {},
) {
  const client = useClient();
  return useQuery<MethodResult<M>, ClientError>({
    queryKey: contractKey(method, args),
    queryFn: () => client.invoke(method, args),
    ...options,
  });
}

/**
 * A contract call that changes something. `invalidates` names the methods whose cached answers
 * are stale afterwards (every args variant of each), so lists refresh on their own.
 */
export function useContractMutation<M extends MethodName>(method: M, invalidates: MethodName[] = []) {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation<MethodResult<M>, ClientError, MethodArgs<M>>({
    mutationFn: (args) => client.invoke(method, args),
    onSettled: async () => {
      await Promise.all(invalidates.map((name) => queryClient.invalidateQueries({ queryKey: [name] })));
    },
  });
}

/** Calls `listener` for every push event of that name while the component is mounted. */
export function useContractEvent<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): void {
  const client = useClient();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => client.on(event, (payload) => latest.current(payload)), [client, event]);
}
