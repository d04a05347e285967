/**
 * Plugin log lines and plugin events (Vault's pb.Events SendEvent and pb.Observations
 * RecordObservation, which current plugins send on every request) pushed by main, kept in the
 * renderer from the moment the app is unsealed, so the panes show what happened before they opened.
 * Log lines arrive in batches (one re-render per batch, not per line) and the log pane fills in
 * from `plugins.logs` what came before this page was loaded.
 */
import { useCallback } from 'react';
import type { PluginEventView, PluginLogBatch } from '../../../../electron/common/contract/plugins';
import { useClient } from '../../client/client-context';
import { useContractEvent } from '../../client/use-contract';
import { createPushStore } from '../../client/push-store';
import { appendBatch, LOG_BUFFER_LIMIT, mergeHistory, type LogRow } from './log-buffer';

const logs = createPushStore<LogRow>(LOG_BUFFER_LIMIT);
const events = createPushStore<PluginEventView>(500);

/** Lines up to this seq were cleared by the user: history pages do not bring them back. */
let clearedUpTo = 0;

export const usePluginLogs = logs.useItems;
export function clearPluginLogs(): void {
  logs.update((rows) => {
    clearedUpTo = Math.max(clearedUpTo, rows.at(-1)?.seq ?? 0);
    return [];
  });
}
export const usePluginEvents = events.useItems;
export const clearPluginEvents = events.clear;

const onLogBatch = (batch: PluginLogBatch) => logs.update((rows) => appendBatch(rows, batch));

/** Fetches the host's recent history into the buffer (what it does not hold yet). */
export function useLoadLogHistory(): () => Promise<void> {
  const client = useClient();
  return useCallback(async () => {
    const page = await client.invoke('plugins.logs', { limit: LOG_BUFFER_LIMIT });
    logs.update((rows) => mergeHistory(rows, page.lines.filter((line) => line.seq > clearedUpTo)));
  }, [client]);
}

/** Mount once (inside the unsealed app) to start collecting. */
export function PluginLogCollector() {
  useContractEvent('plugins.log', onLogBatch);
  useContractEvent('plugins.event', events.append);
  return null;
}
