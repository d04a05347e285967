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
/** Plugin names and mount paths seen in the log, for the pane's filters (kept here, not recomputed per render). */
const pluginNames = createPushStore<string>(1_000);
const mountPaths = createPushStore<string>(1_000);

export const useLogPluginNames = pluginNames.useItems;
export const useLogMountPaths = mountPaths.useItems;

function noteSources(lines: readonly LogRow[]): void {
  const plugins = new Set<string>();
  const mounts = new Set<string>();
  for (const line of lines) {
    plugins.add(line.plugin);
    if (line.mount !== undefined) for (const mount of line.mount.split(',')) mounts.add(mount);
  }
  const addNew = (names: string[], seen: Set<string>) => {
    const fresh = [...seen].filter((name) => !names.includes(name));
    return fresh.length === 0 ? names : [...names, ...fresh].sort();
  };
  pluginNames.update((names) => addNew(names, plugins));
  mountPaths.update((names) => addNew(names, mounts));
}

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

/**
 * Batches that arrived since the pane last re-rendered. Applied together every
 * `APPLY_INTERVAL_MS`: each re-render of a following pane also costs a layout and a scroll, and a
 * few updates a second read as live while leaving the main thread free for the person's clicks.
 */
const APPLY_INTERVAL_MS = 250;
let arrived: PluginLogBatch[] = [];
let applyTimer: ReturnType<typeof setTimeout> | undefined;

function applyArrived(): void {
  applyTimer = undefined;
  const batches = arrived;
  arrived = [];
  logs.update((rows) => batches.reduce((next, batch) => appendBatch(next, batch), rows));
  noteSources(batches.flatMap((batch) => batch.lines));
}

const onLogBatch = (batch: PluginLogBatch) => {
  arrived.push(batch);
  applyTimer ??= setTimeout(applyArrived, APPLY_INTERVAL_MS);
};

/** Set once the history was fetched: afterwards the pushed batches keep the buffer current. */
let historyLoaded = false;

/** Fetches the host's recent history into the buffer, once per page load (the pane's first opening). */
export function useLoadLogHistory(): () => Promise<void> {
  const client = useClient();
  return useCallback(async () => {
    if (historyLoaded) return;
    historyLoaded = true;
    const page = await client.invoke('plugins.logs', { limit: LOG_BUFFER_LIMIT }).catch((error: unknown) => {
      historyLoaded = false;
      throw error;
    });
    const lines = page.lines.filter((line) => line.seq > clearedUpTo);
    logs.update((rows) => mergeHistory(rows, lines));
    noteSources(lines);
  }, [client]);
}

/** Mount once (inside the unsealed app) to start collecting. */
export function PluginLogCollector() {
  useContractEvent('plugins.log', onLogBatch);
  useContractEvent('plugins.event', events.append);
  return null;
}
