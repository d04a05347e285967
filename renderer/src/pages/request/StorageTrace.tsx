/** The storage calls the plugin made while serving the request: the inspector's core. */
import type { StorageTraceEntry } from '../../../../electron/common/contract/requests';
import { formatBytes } from '../../components/format';

export function StorageTrace({ trace }: { trace: StorageTraceEntry[] }) {
  if (trace.length === 0) return <p className="muted">The plugin made no storage call for this request.</p>;
  return (
    <table className="table table-compact" aria-label="Storage calls" data-testid="storage-trace">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Call</th>
          <th scope="col">Key (in the mount)</th>
          <th scope="col">Size</th>
          <th scope="col">Time</th>
        </tr>
      </thead>
      <tbody>
        {trace.map((t, i) => (
          <tr key={i} className={t.error === undefined ? undefined : 'row-failed'}>
            <td>{i + 1}</td>
            <td>
              <span className={`badge badge-op-${t.op}`}>{t.op}</span>
              {t.concurrent === true && (
                <span className="muted" title="Other requests were in flight on this mount; this call may belong to one of them">
                  {' '}
                  concurrent
                </span>
              )}
            </td>
            <td className="mono trace-key">
              {t.key}
              {t.error !== undefined && <div className="error-text">{t.error}</div>}
            </td>
            <td className="nowrap">{t.op === 'list' ? `${t.bytes} keys` : t.op === 'delete' ? '—' : formatBytes(t.bytes)}</td>
            <td className="nowrap">{t.durationMs.toFixed(2)} ms</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
