/**
 * Revoking a token: with its tree (every token it made, and theirs, go too: Vault's revoke) or alone
 * (its children become orphans: Vault's revoke-orphan). The dialog says how many tokens each takes.
 */
import { useState, type FormEvent } from 'react';
import type { TokenListEntry } from '../../../../electron/common/contract/tokens';
import { useContractMutation } from '../../client/use-contract';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';

function tokens(count: number): string {
  return count === 1 ? '1 token' : `${count} tokens`;
}

export function RevokeTokenDialog({ token, onClose }: { token: TokenListEntry; onClose: () => void }) {
  const revoke = useContractMutation('tokens.revoke', ['tokens.list', 'leases.list', 'audit.list']);
  const [mode, setMode] = useState<'tree' | 'orphan'>('tree');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    revoke.mutate({ accessor: token.accessor, mode }, { onSuccess: onClose });
  };
  return (
    <Dialog title={`Revoke ${token.displayName} (${token.accessor})?`} open onClose={onClose}>
      <form onSubmit={submit} className="stack" aria-label="Revoke token">
        <p>Whatever uses this token loses access at once, and the leases it obtained are revoked.</p>
        <fieldset>
          <legend>What goes with it</legend>
          <label>
            <input type="radio" name="revoke-mode" checked={mode === 'tree'} onChange={() => setMode('tree')} /> Revoke the tree:{' '}
            <span data-testid="revoke-tree-count">
              {token.descendants === 0 ? 'it has no child tokens' : `${tokens(token.descendants)} it created (with their children) go too`}
            </span>
          </label>
          <label>
            <input type="radio" name="revoke-mode" checked={mode === 'orphan'} onChange={() => setMode('orphan')} /> Revoke it alone:{' '}
            <span data-testid="revoke-orphan-count">
              {token.children === 0 ? 'it has no child tokens' : `its ${tokens(token.children)} become orphans and keep working`}
            </span>
          </label>
        </fieldset>
        <div className="actions">
          <button type="submit" className="button-danger" disabled={revoke.isPending}>
            {mode === 'tree' ? `Revoke ${tokens(token.descendants + 1)}` : 'Revoke this token only'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
        <ErrorNotice error={revoke.error} title="Could not revoke" />
      </form>
    </Dialog>
  );
}
