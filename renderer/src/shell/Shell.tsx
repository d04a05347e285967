import type { ReactNode } from 'react';
import { useContractQuery } from '../client/use-contract';
import { SealButton } from '../pages/seal/SealButton';
import type { PageName } from '../routing/routes';

const NAV: { page: PageName; label: string; href: string }[] = [
  { page: 'overview', label: 'Overview', href: '#/overview' },
  { page: 'plugins', label: 'Plugins', href: '#/plugins' },
  { page: 'mounts', label: 'Mounts', href: '#/mounts' },
  { page: 'browse', label: 'Browse', href: '#/browse' },
  { page: 'leases', label: 'Leases', href: '#/leases' },
  { page: 'access', label: 'Access', href: '#/access' },
  { page: 'audit', label: 'Audit', href: '#/audit' },
];

/** The frame every page sits in: brand, navigation landmark, main region and a status bar (with the Vault API's `Vault API: http://…` line, sealed or not). */
export function Shell({ children, current, unsealed }: { children: ReactNode; current: PageName; unsealed: boolean }) {
  const info = useContractQuery('app.info', {});
  const active = current === 'request' || current === 'storage' ? 'browse' : current;
  return (
    <div className="shell" data-testid="app-shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell-header">
        <div className="brand" aria-label="Strongroom">
          <span className="brand-mark" aria-hidden="true">◆</span> Strongroom
        </div>
        {unsealed && (
          <nav aria-label="Main" className="shell-nav">
            {NAV.map((item) => (
              <a key={item.page} href={item.href} aria-current={item.page === active ? 'page' : undefined}>
                {item.label}
              </a>
            ))}
          </nav>
        )}
        <div className="shell-actions">{unsealed && <SealButton />}</div>
      </header>
      <main className="shell-main" id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="shell-status" role="status" aria-live="polite">
        {info.isPending && <span>Connecting…</span>}
        {info.isError && <span className="error-text">Not connected: {info.error.message}</span>}
        {info.isSuccess && (
          <span>
            v{info.data.version} · {info.data.mode} mode · data in <code>{info.data.dataDir}</code>
            {info.data.vaultApiAddress !== null && (
              <>
                {' · '}
                <span data-testid="status-vault-api">
                  Vault API: <code>{info.data.vaultApiAddress}</code>
                </span>
              </>
            )}
          </span>
        )}
      </footer>
    </div>
  );
}
