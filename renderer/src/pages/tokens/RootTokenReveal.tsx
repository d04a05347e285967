/**
 * A root token on screen the one time it exists in the clear: after init, and after rotating it.
 * Strongroom keeps only its salted hash, so once dismissed it cannot be shown again; the caller
 * drops it from memory (and react-query's cache) in `onDismiss`.
 */
import { CopyButton } from '../../components/CopyButton';

export interface RootTokenRevealProps {
  token: string;
  heading: string;
  dismissLabel: string;
  onDismiss: () => void;
  /** The dismiss button waits (first run: until secret/ is mounted). */
  busy?: boolean;
}

export function RootTokenReveal({ token, heading, dismissLabel, onDismiss, busy = false }: RootTokenRevealProps) {
  return (
    <div className="stack root-token" role="region" aria-labelledby="root-token-title" data-testid="root-token-reveal">
      <h2 id="root-token-title">{heading}</h2>
      <p className="notice" id="root-token-note">
        This is shown once. Strongroom stores only a salted hash of it: copy it now to a password manager. It gives full access to the Vault
        API (<code>VAULT_TOKEN</code>); if it is lost, rotate it from the Overview page.
      </p>
      <div className="inline">
        <code data-testid="root-token" aria-describedby="root-token-note">
          {token}
        </code>
        <CopyButton text={token} label="Copy root token" />
      </div>
      <div className="actions">
        <button type="button" className="button-primary" onClick={onDismiss} disabled={busy}>
          {dismissLabel}
        </button>
      </div>
    </div>
  );
}
