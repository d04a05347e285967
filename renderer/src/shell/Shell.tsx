import type { ReactNode } from 'react';
import { useContractQuery } from '../client/use-contract';

/** The frame every page sits in: brand, navigation landmark, main region and a status bar. */
export function Shell({ children }: { children: ReactNode }) {
  const info = useContractQuery('app.info', {});
  return (
    <div className="shell" data-testid="app-shell">
      <header className="shell-header">
        <div className="brand" aria-label="Strongroom">
          <span className="brand-mark" aria-hidden="true">◆</span> Strongroom
        </div>
        <nav aria-label="Main" className="shell-nav">
          <a href="#overview" aria-current="page">Overview</a>
        </nav>
      </header>
      <main className="shell-main" id="main">
        {children}
      </main>
      <footer className="shell-status" role="status" aria-live="polite">
        {info.isPending && <span>Connecting…</span>}
        {info.isError && <span className="error-text">Not connected: {info.error.message}</span>}
        {info.isSuccess && (
          <span>
            v{info.data.version} · {info.data.mode} mode · data in <code>{info.data.dataDir}</code>
          </span>
        )}
      </footer>
    </div>
  );
}
