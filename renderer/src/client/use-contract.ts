/** react-query keys are `[method, args]`, so every cached answer is named by the call that made it. */
import { useQuery, type UseQueryOptions } from '@tanstack/react-query';
import type { MethodArgs, MethodName, MethodResult } from '../../../electron/common/contract';
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
