/**
 * One row per plugin process slot: state, pid, uptime, memory and CPU (live), what runs, restarts,
 * mounts, last error; reload; a re-pin offer under a slot refused for a changed binary, or beside
 * the "Reload failed" notice when the Reload click was what got refused.
 */
import { Fragment, useState } from 'react';
import type { PluginEntryRef } from '../../../../electron/common/contract/plugin-dev';
import type { ContractErrorShape } from '../../../../electron/common/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatUptime } from '../../components/format';
import { useNow } from '../../components/use-now';
import { useContractMutation } from '../../client/use-contract';
import { CpuCell, MemoryCell, RunningCell } from './ProcessResources';
import { ProcessStateBadge } from './ProcessState';
import { RepinOffer } from './repin/RepinOffer';
import { usePluginProcesses } from './use-plugin-processes';

/** The last exit's error: its first sentence, the rest (often stderr lines) folded away. */
function LastError({ error, current }: { error: { code: string; message: string }; current: boolean }) {
  const cut = error.message.search(/\.\s/);
  const first = cut < 0 ? error.message : error.message.slice(0, cut + 1);
  const rest = cut < 0 ? '' : error.message.slice(cut + 1).trim();
  return (
    <details className={current ? 'row-error' : 'row-error row-error-past'}>
      <summary>
        {current ? '' : 'last exit: '}
        <code>{error.code}</code> {first}
      </summary>
      {rest !== '' && <pre className="row-error-detail">{rest}</pre>}
    </details>
  );
}

export function ProcessTable() {
  const status = usePluginProcesses();
  const reload = useContractMutation('plugins.reload', ['plugins.status']);
  // The row whose Reload was clicked last: the entry a refused reload's re-pin offer is about.
  const [reloaded, setReloaded] = useState<PluginEntryRef | null>(null);
  // A row's offer stays once shown: a re-pin makes the process ready again, and the offer must
  // stay on screen to say it is done and to offer Undo (until the page is left).
  const [rowOffers, setRowOffers] = useState<ReadonlyMap<string, ContractErrorShape>>(new Map());
  const now = useNow();
  if (status.isError) return <ErrorNotice error={status.error} />;
  const processes = status.data?.processes ?? [];
  if (processes.length === 0) return <p className="empty">No plugin process yet. A plugin starts when a mount that uses it is enabled.</p>;
  const elapsed = now - status.dataUpdatedAt;
  const refusedReload = reload.error?.code === 'sha256_mismatch' ? reloaded : null;
  const refusedNow = processes.filter((p) => p.lastError?.code === 'sha256_mismatch' && p.state !== 'ready' && rowOffers.get(p.id)?.message !== p.lastError.message);
  if (refusedNow.length > 0) setRowOffers(new Map([...rowOffers, ...refusedNow.map((p) => [p.id, p.lastError!] as const)]));
  // One offer per entry on screen: after a refused Reload it is beside the notice, not also under the row.
  const offeredBesideNotice = (p: { pluginType: string; plugin: string; version: string }) =>
    refusedReload !== null && refusedReload.type === p.pluginType && refusedReload.name === p.plugin && refusedReload.version === p.version;
  return (
    <>
      <table className="table" aria-label="Plugin processes" data-testid="process-table">
        <thead>
          <tr>
            <th scope="col">Plugin</th>
            <th scope="col">State</th>
            <th scope="col">PID</th>
            <th scope="col">Uptime</th>
            <th scope="col">Memory</th>
            <th scope="col">CPU</th>
            <th scope="col">Running</th>
            <th scope="col">Restarts</th>
            <th scope="col">Mounts</th>
            <th scope="col">Protocol</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {processes.map((p) => (
            <Fragment key={p.id}>
              <tr data-plugin={p.plugin} data-pid={p.pid ?? ''}>
                <th scope="row">
                  {p.plugin} <span className="muted">{p.version}</span>
                  {p.lastError !== null && <LastError error={p.lastError} current={p.state !== 'ready'} />}
                  {p.state === 'backing-off' && p.retryAt !== null && (
                    <div className="muted">next start after {new Date(p.retryAt).toLocaleTimeString()}</div>
                  )}
                </th>
                <td>
                  <ProcessStateBadge process={p} />
                </td>
                <td className="mono" data-testid="process-pid">
                  {p.pid ?? '—'}
                </td>
                <td>{p.state === 'ready' ? formatUptime(p.uptimeMs + elapsed) : '—'}</td>
                <td>
                  <MemoryCell process={p} />
                </td>
                <td>
                  <CpuCell process={p} />
                </td>
                <td>
                  <RunningCell process={p} />
                </td>
                <td>{p.restarts}</td>
                <td className="mono">{p.mounts.join(', ') || '—'}</td>
                <td>{p.protocolVersion === null ? '—' : `v${p.protocolVersion}${p.multiplexed === true ? ' · multiplexed' : ''}`}</td>
                <td>
                  <button
                    type="button"
                    className="button-small"
                    disabled={reload.isPending}
                    onClick={() => {
                      setReloaded({ type: p.pluginType, name: p.plugin, version: p.version });
                      reload.mutate({ plugin: p.plugin });
                    }}
                  >
                    Reload
                  </button>
                </td>
              </tr>
              {/* Refused because its binary changed outside development mode: the way out, under the row. */}
              {rowOffers.has(p.id) && !offeredBesideNotice(p) && (
                <tr data-repin-for={p.plugin}>
                  <td colSpan={11}>
                    <RepinOffer key={rowOffers.get(p.id)!.message} error={rowOffers.get(p.id)!} entry={{ type: p.pluginType, name: p.plugin, version: p.version }} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      <ErrorNotice error={reload.error} title="Reload failed" />
      {refusedReload !== null && reload.error !== null && (
        <div data-testid="reload-failed-repin">
          <RepinOffer key={reload.error.message} error={reload.error} entry={refusedReload} />
        </div>
      )}
    </>
  );
}
