/**
 * The Vault HTTP API at a glance: its address, the `export` lines that point `vault` / `bao` (and
 * hvac, node-vault, Terraform) at it, and the root token's rotation. The token line is a
 * placeholder unless a token was just made here, and then only until it is dismissed.
 */
import { useState } from 'react';
import { CopyButton } from '../components/CopyButton';
import { useContractQuery } from '../client/use-contract';
import { vaultEnvLines } from '../pages/request/cli-command';
import { RotateRootToken } from '../pages/tokens/RotateRootToken';

export function VaultApiPanel() {
  const info = useContractQuery('app.info', {});
  const [freshToken, setFreshToken] = useState<string | null>(null);
  const address = info.data?.vaultApiAddress ?? null;
  return (
    <section className="card stack vault-api-panel" aria-labelledby="vault-api-title" data-testid="vault-api-panel">
      <h2 id="vault-api-title">Vault API</h2>
      {info.isSuccess && address === null && <p className="muted">The Vault API is not listening in this process (it starts with the app and with headless mode).</p>}
      {address !== null && <ApiAddress address={address} token={freshToken} />}
      <RotateRootToken onToken={setFreshToken} />
    </section>
  );
}

function ApiAddress({ address, token }: { address: string; token: string | null }) {
  const lines = vaultEnvLines(address, token);
  return (
    <>
      <p>
        Listening on <code data-testid="vault-api-address">{address}</code>, on loopback only.
      </p>
      <div className="inline">
        <code data-testid="vault-addr-line">{lines.addr}</code>
        <CopyButton text={lines.addr} label="Copy VAULT_ADDR line" />
      </div>
      <div className="inline">
        <code data-testid="vault-token-line">{lines.token}</code>
        <CopyButton text={lines.token} label="Copy VAULT_TOKEN line" />
      </div>
      <p className="field-help">
        {token === null ? 'Put the root token shown at first run (or a new one, below) in place of the placeholder. ' : ''}Then{' '}
        <code>vault kv get secret/…</code> or <code>bao status</code> works from a terminal.
      </p>
    </>
  );
}
