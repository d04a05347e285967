import type { AuditEntryView } from '../../../../electron/common/contract/audit';
import { AuditToken } from './AuditToken';

/** One audit entry with the token that made it; its HMAC'd data folds open, and a searched-for HMAC is highlighted. */
export function AuditRow({ entry, hash, displayNames }: { entry: AuditEntryView; hash: string | undefined; displayNames: ReadonlyMap<string, string> | undefined }) {
  const data = entry.data === null || entry.data === undefined ? '' : JSON.stringify(entry.data, null, 2);
  const hit = hash !== undefined && data.includes(hash);
  return (
    <tr className={hit ? 'row-hit' : undefined} data-seq={entry.seq}>
      <td className="nowrap">{new Date(entry.time).toLocaleTimeString()}</td>
      <td>{entry.kind}</td>
      <td>
        <span className={`badge badge-op-${entry.operation}`}>{entry.operation}</span>
      </td>
      <td className="mono">{entry.path}</td>
      <td>
        <AuditToken accessor={entry.accessor} displayNames={displayNames} />
      </td>
      <td>
        {entry.kind === 'request' && entry.error === null ? (
          <span className="muted">received</span>
        ) : entry.error === null ? (
          <span className="ok-text">{entry.durationMs === null ? 'ok' : `ok · ${entry.durationMs.toFixed(1)} ms`}</span>
        ) : (
          <span className="error-text" title={entry.error.message}>
            {entry.error.code}
          </span>
        )}
      </td>
      <td>
        {data === '' ? (
          <span className="muted">—</span>
        ) : (
          <details>
            <summary>{hit ? 'contains the value' : 'show'}</summary>
            <pre className="audit-data">{data}</pre>
          </details>
        )}
      </td>
    </tr>
  );
}
