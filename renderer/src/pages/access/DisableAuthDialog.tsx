/** Disabling an auth method revokes every token its logins issued, as Vault does: the dialog counts them first. */
import type { FormEvent } from 'react';
import { useContractMutation, useContractQuery } from '../../client/use-contract';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { AuthMethodRow } from './AuthMethodsPanel';

export function DisableAuthDialog({ method, onClose }: { method: AuthMethodRow; onClose: () => void }) {
  const tokens = useContractQuery('tokens.list', {});
  const disable = useContractMutation('requests.handle', ['requests.handle', 'tokens.list', 'mounts.list', 'plugins.status', 'leases.list', 'audit.list']);
  const issued = tokens.data?.tokens.filter((t) => t.path.startsWith(`auth/${method.path}`)).length;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    disable.mutate({ path: `sys/auth/${method.path.replace(/\/$/, '')}`, operation: 'delete' }, { onSuccess: onClose });
  };
  return (
    <Dialog title={`Disable auth/${method.path}?`} open onClose={onClose}>
      <form onSubmit={submit} className="stack">
        <p data-testid="disable-auth-effect">
          Nobody can log in with it any more, its configuration and roles are deleted, and{' '}
          {issued === undefined ? 'every token it issued is revoked' : issued === 0 ? 'no token it issued is live' : `the ${issued === 1 ? '1 token' : `${issued} tokens`} it issued ${issued === 1 ? 'is' : 'are'} revoked`}
          .
        </p>
        <div className="actions">
          <button type="submit" className="button-danger" disabled={disable.isPending}>
            Disable auth/{method.path}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
        <ErrorNotice error={disable.error ?? tokens.error} title="Could not disable" />
      </form>
    </Dialog>
  );
}
