/**
 * "Share once" on a read: the same read again with a wrap TTL (`requests.handle` `wrapTtl`), which
 * answers a single-use wrapping token instead of the secret. Shown: the token, when it expires and
 * the one line that unwraps it over the Vault API (`VAULT_ADDR=… VAULT_TOKEN=<token> bao unwrap`:
 * the wrapping token presents itself, so no other token of the reader's is needed or consulted).
 * The token lives in a secret mutation: "Done" resets it, so react-query forgets it at once.
 */
import { useState } from 'react';
import type { WrapInfoView } from '../../../../electron/common/contract/requests';
import { DURATION_HINT, durationSeconds } from '../../../../proto/wire/duration';
import { useContractMutation, useContractQuery } from '../../client/use-contract';
import { CopyButton } from '../../components/CopyButton';
import { ErrorNotice } from '../../components/ErrorNotice';

/** The line that unwraps `token` on the API at `address`. */
export function unwrapCommand(address: string, token: string): string {
  return `VAULT_ADDR=${address} VAULT_TOKEN=${token} bao unwrap`;
}

function expiresAt(info: WrapInfoView): Date {
  return new Date(Date.parse(info.creation_time) + info.ttl * 1000);
}

export function ShareOnce({ path }: { path: string }) {
  const [open, setOpen] = useState(false);
  const [ttl, setTtl] = useState('5m');
  const share = useContractMutation('requests.handle', ['audit.list'], { secret: true });
  const address = useContractQuery('app.info', {}).data?.vaultApiAddress ?? null;
  const parsed = durationSeconds(ttl);
  const problem = !parsed.ok ? parsed.problem : parsed.seconds <= 0 ? `the expiry must be at least one second; ${DURATION_HINT}` : undefined;
  const info = share.data?.wrapInfo ?? null;

  if (info !== null) {
    return (
      <section className="notice" aria-label="Shared once" data-testid="share-once">
        <p>
          One-time token for <code>{path}</code>: whoever unwraps it first gets the secret, once. It expires at{' '}
          <time dateTime={expiresAt(info).toISOString()} data-testid="share-once-expiry">
            {expiresAt(info).toLocaleString()}
          </time>
          .
        </p>
        <p>
          <code data-testid="share-once-token">{info.token}</code> <CopyButton label="Copy token" text={info.token} />
        </p>
        {address === null ? (
          <p className="muted">The Vault API is not listening, so there is no address to unwrap it at: start Strongroom with its Vault API, then unwrap the token there.</p>
        ) : (
          <p>
            <code data-testid="share-once-command">{unwrapCommand(address, info.token)}</code> <CopyButton label="Copy command" text={unwrapCommand(address, info.token)} />
          </p>
        )}
        <button
          type="button"
          className="button-small"
          onClick={() => {
            share.reset();
            setOpen(false);
          }}
        >
          Done, hide it
        </button>
      </section>
    );
  }
  if (!open) {
    return (
      <button type="button" className="button-small" onClick={() => setOpen(true)}>
        Share once
      </button>
    );
  }
  return (
    <form
      className="stack"
      aria-label="Share once"
      onSubmit={(event) => {
        event.preventDefault();
        if (parsed.ok && problem === undefined) share.mutate({ path, operation: 'read', wrapTtl: parsed.seconds });
      }}
    >
      <label>
        Expires after <input value={ttl} onChange={(event) => setTtl(event.target.value)} aria-invalid={problem !== undefined} />
      </label>
      {problem !== undefined && <p className="notice notice-warn">{problem}</p>}
      <div className="actions">
        <button type="submit" className="button-primary" disabled={problem !== undefined || share.isPending}>
          {share.isPending ? 'Wrapping…' : 'Make a one-time token'}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      <ErrorNotice error={share.error} title="Could not wrap the secret" />
    </form>
  );
}
