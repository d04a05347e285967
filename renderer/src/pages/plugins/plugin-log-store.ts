/**
 * Plugin log lines pushed by main, kept in the renderer (last 1,000) from the moment the app is
 * unsealed, so the log pane shows what happened before it was opened (a crash, say).
 */
import { useSyncExternalStore } from 'react';
import type { PluginLogView } from '../../../../electron/common/contract/plugins';
import { useContractEvent } from '../../client/use-contract';

const LIMIT = 1000;
let lines: PluginLogView[] = [];
const listeners = new Set<() => void>();

function append(line: PluginLogView): void {
  lines = lines.length >= LIMIT ? [...lines.slice(lines.length - LIMIT + 1), line] : [...lines, line];
  for (const listener of listeners) listener();
}

export function clearPluginLogs(): void {
  lines = [];
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function usePluginLogs(): PluginLogView[] {
  return useSyncExternalStore(subscribe, () => lines);
}

/** Mount once (inside the unsealed app) to start collecting. */
export function PluginLogCollector() {
  useContractEvent('plugins.log', append);
  return null;
}
