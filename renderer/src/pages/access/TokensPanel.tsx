/** The live tokens by accessor (never their ids): display name, policies, expiry; revoke with or without the tokens they made. */
import { useState } from 'react';
import type { TokenListEntry } from '../../../../electron/common/contract/tokens';
import { useContractQuery } from '../../client/use-contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatTime } from '../../components/format';
import { CreateTokenForm } from './CreateTokenForm';
import { RevokeTokenDialog } from './RevokeTokenDialog';

function expiry(token: TokenListEntry): string {
  if (token.expireTime === null) return 'never';
  const left = Math.max(0, Math.round((Date.parse(token.expireTime) - Date.now()) / 1000));
  return `${formatTime(token.expireTime)} (${left}s left)`;
}

export function TokensPanel() {
  const tokens = useContractQuery('tokens.list', {});
  const [revoking, setRevoking] = useState<TokenListEntry | null>(null);
  return (
    <section className="stack" aria-labelledby="tokens-title">
      <h2 id="tokens-title">Tokens</h2>
      <CreateTokenForm />
      <div className="toolbar">
        {tokens.data !== undefined && <span className="muted">{tokens.data.tokens.length === 1 ? '1 live token' : `${tokens.data.tokens.length} live tokens`}</span>}
        {/* Tokens are also made and revoked over the Vault API, which tells this page nothing. */}
        <button type="button" className="button-small" onClick={() => void tokens.refetch()}>
          Refresh
        </button>
      </div>
      <ErrorNotice error={tokens.error} title="Could not list tokens" />
      {tokens.data !== undefined && (
        <table className="table" data-testid="tokens-table">
          <thead>
            <tr>
              <th scope="col">Accessor</th>
              <th scope="col">Display name</th>
              <th scope="col">Policies</th>
              <th scope="col">Expires</th>
              <th scope="col">Uses left</th>
              <th scope="col">Children</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.tokens.map((token) => (
              <tr key={token.accessor} data-accessor={token.accessor}>
                <th scope="row">
                  <code>{token.accessor}</code>
                </th>
                <td>{token.displayName}</td>
                <td>{token.policies.join(', ')}</td>
                <td>
                  {expiry(token)}
                  {token.renewable ? ' · renewable' : ''}
                </td>
                <td>{token.numUses === 0 ? 'unlimited' : token.numUses}</td>
                <td>{token.descendants}</td>
                <td>
                  <button type="button" className="button-small button-danger-quiet" onClick={() => setRevoking(token)}>
                    Revoke…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoking !== null && <RevokeTokenDialog token={revoking} onClose={() => setRevoking(null)} />}
    </section>
  );
}
