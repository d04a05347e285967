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

export interface MutationOptions {
  /**
   * The arguments or the result hold a secret (a passphrase, a root token): react-query drops the
   * call from its mutation cache as soon as no component shows it (after `reset()` or unmount),
   * instead of keeping it for the default five minutes.
   */
  secret?: boolean;
}

/**
 * A contract call that changes something. `invalidates` names the methods whose cached answers
 * are stale afterwards (every args variant of each), so lists refresh on their own.
 */
export function useContractMutation<M extends MethodName>(method: M, invalidates: MethodName[] = [], options: MutationOptions = {}) {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation<MethodResult<M>, ClientError, MethodArgs<M>>({
    mutationFn: (args) => client.invoke(method, args),
    ...(options.secret === true ? { gcTime: 0 } : {}),
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
