/** Who may read what: the Vault API's tokens (listed by accessor, made and revoked here as the owner) ACL policies and auth methods. */
import { AuthMethodsPanel } from './AuthMethodsPanel';
import { PoliciesPanel } from './PoliciesPanel';
import { TokensPanel } from './TokensPanel';

export function AccessPage() {
  return (
    <section className="page" aria-labelledby="access-title">
      <h1 id="access-title">Access</h1>
      <p className="lead">
        Tokens give scripts, apps and tools on this machine what they need of the Vault API, and no more. This window acts as the owner and needs
        no token.
      </p>
      <TokensPanel />
      <PoliciesPanel />
      <AuthMethodsPanel />
    </section>
  );
}
