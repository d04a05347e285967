/**
 * The request panel's opt-in switches that belong to a mount rather than to one path: "re-send on
 * reload". Kept in memory for the window's life (not localStorage), so moving between the mount's
 * paths keeps them and a new window starts with them off.
 */
import { useSyncExternalStore } from 'react';

let resendOnReload = new Set<string>();
const listeners = new Set<() => void>();

export function setResendOnReload(mountPath: string, on: boolean): void {
  const next = new Set(resendOnReload);
  if (on) next.add(mountPath);
  else next.delete(mountPath);
  resendOnReload = next;
  for (const listener of listeners) listener();
}

export function useResendOnReload(mountPath: string): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => resendOnReload.has(mountPath),
  );
}
