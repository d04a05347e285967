/** The plugin catalog: what may run, pinned by sha256, its limits, and which mounts use each entry. */
import { useState } from 'react';
import type { CatalogEntryView } from '../../../../electron/common/contract/plugins';
import { ErrorNotice } from '../../components/ErrorNotice';
import { shortHash } from '../../components/format';
import { useContractMutation } from '../../client/use-contract';
import { DevelopmentDialog } from './DevelopmentDialog';
import { LimitsDialog } from './LimitsDialog';
import { UndoRepinButton } from './repin/UndoRepinButton';

export function CatalogTable({ plugins }: { plugins: CatalogEntryView[] }) {
  const remove = useContractMutation('plugins.remove', ['plugins.list']);
  const [limitsOf, setLimitsOf] = useState<CatalogEntryView | undefined>();
  const [developmentOf, setDevelopmentOf] = useState<CatalogEntryView | undefined>();
  if (plugins.length === 0) return <p className="empty">The catalog is empty. Register a plugin binary below.</p>;
  return (
    <>
      <table className="table" aria-label="Plugin catalog" data-testid="catalog-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Version</th>
            <th scope="col">Type</th>
            <th scope="col">Command</th>
            <th scope="col">sha256</th>
            <th scope="col">Limits</th>
            <th scope="col">Mounts</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {plugins.map((p) => (
            <tr key={`${p.type}/${p.name}/${p.version}`} data-testid={p.builtin ? 'catalog-builtin' : undefined}>
              <th scope="row">
                {p.name}
                {p.builtin && <> <span className="badge">built in</span></>}
                {p.development !== null && (
                  <>
                    {' '}
                    <span className="badge" data-testid="catalog-development" title={`Watching ${p.development.watching}`}>
                      Development
                    </span>
                  </>
                )}
              </th>
              <td>{p.version || <span className="muted">unversioned</span>}</td>
              <td>{p.type}</td>
              {p.unavailable !== null ? (
                // A built-in that was not built: say why where it would be, as npm install did.
                <td colSpan={2} className="field-error" role="status">
                  Not available: {p.unavailable}.
                </td>
              ) : (
                <>
                  <td className="mono">
                    {p.command}
                    {p.args.length > 0 ? ` ${p.args.join(' ')}` : ''}
                  </td>
                  <td className="mono" title={p.sha256}>
                    {shortHash(p.sha256)}
                  </td>
                </>
              )}
              <td data-testid="catalog-limits">
                {p.memoryLimitMiB} MiB · start {p.startTimeoutSeconds} s
              </td>
              <td className="mono">{p.mounts.join(', ') || '—'}</td>
              <td className="inline">
                {/* Built-ins ship with the app: their limits are the defaults and they cannot be removed. */}
                {!p.builtin && (
                  <>
                    <button type="button" className="button-small" onClick={() => setLimitsOf(p)}>
                      Limits
                    </button>
                    <button type="button" className="button-small" onClick={() => setDevelopmentOf(p)}>
                      Development
                    </button>
                    <UndoRepinButton entry={p} />
                    <button
                      type="button"
                      className="button-small"
                      disabled={p.mounts.length > 0 || remove.isPending}
                      title={p.mounts.length > 0 ? 'Disable its mounts first' : 'Remove from the catalog'}
                      onClick={() => remove.mutate({ type: p.type, name: p.name, version: p.version || undefined })}
                    >
                      Remove
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorNotice error={remove.error} title="Could not remove" />
      {limitsOf !== undefined && <LimitsDialog entry={limitsOf} onClose={() => setLimitsOf(undefined)} />}
      {developmentOf !== undefined && <DevelopmentDialog entry={developmentOf} onClose={() => setDevelopmentOf(undefined)} />}
    </>
  );
}
