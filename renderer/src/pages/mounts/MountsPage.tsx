/** The mount table: path, plugin, version, description, TTLs, options; browse, tune, move, disable. */
import { useState } from 'react';
import type { MountView } from '../../../../electron/common/contract/mounts';
import { formatDurationSeconds } from '../../../../proto/wire/duration';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useContractEvent, useContractQuery } from '../../client/use-contract';
import { routeHref } from '../../routing/routes';
import { DisableMountDialog } from './DisableMountDialog';
import { EnableMountForm } from './EnableMountForm';
import { MoveMountDialog } from './MoveMountDialog';
import { TuneMountDialog } from './TuneMountDialog';

type Action = { kind: 'tune' | 'move' | 'disable'; mount: MountView };

const ttl = (seconds: number) => (seconds === 0 ? <span className="muted">default</span> : formatDurationSeconds(seconds));

export function MountsPage() {
  const mounts = useContractQuery('mounts.list', {});
  const [action, setAction] = useState<Action | undefined>();
  useContractEvent('mounts.changed', () => void mounts.refetch());
  const close = () => setAction(undefined);
  return (
    <section className="page" aria-labelledby="mounts-title">
      <h1 id="mounts-title">Mounts</h1>
      <p className="lead">Each mount is a path served by a plugin. Requests go to the mount with the longest matching path.</p>
      <ErrorNotice error={mounts.error} />
      {mounts.isPending && <p className="muted">Loading mounts…</p>}
      {mounts.data !== undefined && (
        <table className="table" aria-label="Mounts" data-testid="mounts-table">
          <thead>
            <tr>
              <th scope="col">Path</th>
              <th scope="col">Type</th>
              <th scope="col">Version</th>
              <th scope="col">Description</th>
              <th scope="col">Default TTL</th>
              <th scope="col">Max TTL</th>
              <th scope="col">Options</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {mounts.data.mounts.map((m) => (
              <tr key={m.path} data-mount={m.path}>
                <th scope="row" className="mono">
                  {m.builtin ? m.path : <a href={routeHref({ page: 'browse', path: m.path })}>{m.path}</a>}
                </th>
                <td>{m.type}</td>
                <td>{m.pluginVersion || <span className="muted">{m.builtin ? 'built-in' : 'newest'}</span>}</td>
                <td>{m.description}</td>
                <td>{ttl(m.defaultLeaseTtl)}</td>
                <td>{ttl(m.maxLeaseTtl)}</td>
                <td className="mono">
                  {Object.entries(m.options)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(' ') || '—'}
                </td>
                <td className="row-actions">
                  {!m.builtin && (
                    <>
                      <button type="button" className="button-small" onClick={() => setAction({ kind: 'tune', mount: m })} aria-label={`Tune ${m.path}`}>
                        Tune
                      </button>
                      <button type="button" className="button-small" onClick={() => setAction({ kind: 'move', mount: m })} aria-label={`Move ${m.path}`}>
                        Move
                      </button>
                      <button type="button" className="button-small button-danger-quiet" onClick={() => setAction({ kind: 'disable', mount: m })} aria-label={`Disable ${m.path}`}>
                        Disable
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <EnableMountForm />
      {action?.kind === 'tune' && <TuneMountDialog mount={action.mount} onClose={close} />}
      {action?.kind === 'move' && <MoveMountDialog mount={action.mount} onClose={close} />}
      {action?.kind === 'disable' && <DisableMountDialog mount={action.mount} onClose={close} />}
    </section>
  );
}
