/**
 * "Rotate root token": after a confirmation (it revokes every root token and the tokens made from
 * them), `tokens.rotateRoot` returns a new one, shown once through `onToken`. The result lives in a
 * secret mutation: dismissing it resets the mutation, so react-query forgets it at once.
 */
import { useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useContractMutation } from '../../client/use-contract';
import { RootTokenReveal } from './RootTokenReveal';

export function RotateRootToken({ onToken }: { onToken: (token: string | null) => void }) {
  const [confirming, setConfirming] = useState(false);
  const rotate = useContractMutation('tokens.rotateRoot', ['audit.list'], { secret: true });
  const run = () =>
    rotate.mutate(
      {},
      {
        onSuccess: (view) => {
          setConfirming(false);
          onToken(view.rootToken);
        },
      },
    );
  const dismiss = () => {
    rotate.reset();
    onToken(null);
  };

  if (rotate.data !== undefined) {
    return (
      <>
        <p role="status">
          New root token made; {rotate.data.revoked === 1 ? '1 earlier token was' : `${rotate.data.revoked} earlier tokens were`} revoked.
        </p>
        <RootTokenReveal token={rotate.data.rootToken} heading="New root token" dismissLabel="Done, hide it" onDismiss={dismiss} />
      </>
    );
  }
  return (
    <div className="stack">
      {confirming ? (
        <div className="notice notice-warn" role="group" aria-label="Confirm root token rotation">
          <p>This revokes the current root token and every token made from it: clients using them get 403 until they use the new one.</p>
          <div className="actions">
            <button type="button" className="button-primary" onClick={run} disabled={rotate.isPending}>
              {rotate.isPending ? 'Rotating…' : 'Revoke and make a new root token'}
            </button>
            <button type="button" onClick={() => setConfirming(false)} disabled={rotate.isPending}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button type="button" onClick={() => setConfirming(true)}>
            Rotate root token
          </button>
        </div>
      )}
      <ErrorNotice error={rotate.error} title="Could not rotate the root token" />
    </div>
  );
}
