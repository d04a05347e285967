import { useQueryClient } from '@tanstack/react-query';
import { useContractMutation } from '../../client/use-contract';
import { applySealStatus } from './use-seal-status';

/** Seals at once: every plugin stops and the keys leave memory. */
export function SealButton() {
  const seal = useContractMutation('seal.seal');
  const queryClient = useQueryClient();
  return (
    <button
      type="button"
      className="button-small seal-button"
      disabled={seal.isPending}
      title="Stop every plugin and forget the keys"
      onClick={() => seal.mutate({}, { onSuccess: (status) => applySealStatus(queryClient, status) })}
    >
      Seal
    </button>
  );
}
