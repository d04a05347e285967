/** Shows first-run or unseal until Strongroom is initialised and unsealed, then the app. */
import type { ReactNode } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FirstRunPage } from './FirstRunPage';
import { UnsealPage } from './UnsealPage';
import { useSealStatus } from './use-seal-status';

export function SealGate({ children }: { children: ReactNode }) {
  const status = useSealStatus();
  if (status.isPending) return <p className="gate muted">Connecting…</p>;
  if (status.isError) return <ErrorNotice error={status.error} title="Cannot reach Strongroom" />;
  if (!status.data.initialized) return <FirstRunPage />;
  if (status.data.sealed) return <UnsealPage />;
  return <>{children}</>;
}
