/**
 * Development mode's reload events for the plugin serving a mount: the mount's catalog entry (the
 * entry whose `mounts` lists it) is matched by type, name and version. `onReloaded` runs for each
 * good reload; the last reload and the last failure stay for the panel to show until the next one.
 */
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { PluginEntryRef, PluginReloadedEvent, PluginReloadFailedEvent } from '../../../../electron/common/contract/plugin-dev';
import { useContractEvent, useContractQuery } from '../../client/use-contract';

export interface ReloadFollow {
  /** The catalog entry serving the mount, once the catalog is loaded. */
  entry: PluginEntryRef | undefined;
  reloaded: PluginReloadedEvent | null;
  failed: PluginReloadFailedEvent | null;
}

const sameEntry = (a: PluginEntryRef, b: PluginEntryRef) => a.type === b.type && a.name === b.name && a.version === b.version;

export function useReloadFollow(mountPath: string, onReloaded: (event: PluginReloadedEvent) => void): ReloadFollow {
  const catalog = useContractQuery('plugins.list', {});
  const queryClient = useQueryClient();
  const served = catalog.data?.plugins.find((plugin) => plugin.mounts.includes(mountPath));
  const entry = served === undefined ? undefined : { type: served.type, name: served.name, version: served.version };
  const [reloaded, setReloaded] = useState<PluginReloadedEvent | null>(null);
  const [failed, setFailed] = useState<PluginReloadFailedEvent | null>(null);

  useContractEvent('plugins.reloaded', (event) => {
    // The pinned sha256 changed: the catalog's cached answer is stale.
    void queryClient.invalidateQueries({ queryKey: ['plugins.list'] });
    if (entry === undefined ? !event.mounts.includes(mountPath) : !sameEntry(entry, event)) return;
    setReloaded(event);
    setFailed(null);
    onReloaded(event);
  });
  useContractEvent('plugins.reloadFailed', (event) => {
    if (entry === undefined || !sameEntry(entry, event)) return;
    setFailed(event);
  });
  return { entry, reloaded, failed };
}
