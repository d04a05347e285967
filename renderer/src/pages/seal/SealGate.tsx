/**
 * Shows first-run or unseal until Strongroom is initialised and unsealed, then the app. First run
 * stays up until its set-up is done (init, then mounting secret/), though `seal.changed` arrives
 * as soon as init unseals.
 */
import { useState, type ReactNode } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FirstRunPage } from './FirstRunPage';
import { UnsealPage } from './UnsealPage';
import { useSealStatus } from './use-seal-status';

export function SealGate({ children }: { children: ReactNode }) {
  const status = useSealStatus();
  const [settingUp, setSettingUp] = useState(false);
  if (status.isPending) return <p className="gate muted">Connecting…</p>;
  if (status.isError) return <ErrorNotice error={status.error} title="Cannot reach Strongroom" />;
  if (!status.data.initialized || settingUp) return <FirstRunPage onSettingUp={setSettingUp} />;
  if (status.data.sealed) return <UnsealPage />;
  return <>{children}</>;
}
