/** Revoking every lease under a prefix asks each plugin to revoke its secret: the user confirms. */
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useContractMutation } from '../../client/use-contract';

export function RevokePrefixDialog({ prefix, total, onClose }: { prefix: string; total: number; onClose: () => void }) {
  const revoke = useContractMutation('leases.revokePrefix', ['leases.list']);
  const what = total === 1 ? '1 lease' : `${total} leases`;
  return (
    <Dialog title={`Revoke ${what} under ${prefix}?`} open onClose={onClose}>
      <div className="stack">
        <p>
          Each plugin is asked to revoke its secret now (a database user is dropped, a token stops working), whatever time the lease had
          left. It cannot be undone.
        </p>
        <div className="actions">
          <button type="button" className="button-danger" disabled={revoke.isPending} onClick={() => revoke.mutate({ prefix }, { onSuccess: onClose })}>
            Revoke {what}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
        <ErrorNotice error={revoke.error} title="Could not revoke every lease" />
      </div>
    </Dialog>
  );
}
