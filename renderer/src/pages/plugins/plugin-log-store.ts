/**
 * Plugin log lines and plugin events (Vault's pb.Events SendEvent and pb.Observations
 * RecordObservation, which current plugins send on every request) pushed by main, kept in the
 * renderer from the moment the app is unsealed, so the panes show what happened before they opened.
 */
import type { PluginEventView, PluginLogView } from '../../../../electron/common/contract/plugins';
import { useContractEvent } from '../../client/use-contract';
import { createPushStore } from '../../client/push-store';

const logs = createPushStore<PluginLogView>(1000);
const events = createPushStore<PluginEventView>(500);

export const usePluginLogs = logs.useItems;
export const clearPluginLogs = logs.clear;
export const usePluginEvents = events.useItems;
export const clearPluginEvents = events.clear;

/** Mount once (inside the unsealed app) to start collecting. */
export function PluginLogCollector() {
  useContractEvent('plugins.log', logs.append);
  useContractEvent('plugins.event', events.append);
  return null;
}
