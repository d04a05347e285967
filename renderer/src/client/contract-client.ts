/** The renderer's typed view of the contract: `invoke('mounts.list', {})` is checked end to end. */
import type { ContractEvents, EventName, MethodArgs, MethodName, MethodResult } from '../../../electron/common/contract';
import { CodedError } from '../../../proto/wire/coded-error';
import { createTransport, type Transport } from './transport';

/** A contract error as the renderer throws it: the same code, message and detail that crossed. */
export class ClientError extends CodedError {
  override readonly name = 'ClientError';
}

export interface ContractClient {
  invoke<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<MethodResult<M>>;
  on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void;
}

export function createContractClient(transport: Transport = createTransport()): ContractClient {
  return {
    async invoke(method, args) {
      const reply = await transport.invoke(method, args);
      if (!reply.ok) throw new ClientError(reply.error.code, reply.error.message, reply.error.detail);
      return reply.result as never;
    },
    on(event, listener) {
      return transport.subscribe((name, payload) => {
        if (name === event) listener(payload as never);
      });
    },
  };
}
