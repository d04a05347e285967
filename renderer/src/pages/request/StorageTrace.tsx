/**
 * The storage calls the plugin made while serving the request, in order: the inspector's core. A
 * summary line first (calls by kind, bytes read and written), then one row per call.
 */
import type { StorageTraceEntry } from '../../../../electron/common/contract/requests';
import { formatBytes } from '../../components/format';

const KINDS = ['get', 'put', 'delete', 'list'] as const;

function summary(trace: StorageTraceEntry[]): string {
  const counts = KINDS.map((op) => [op, trace.filter((t) => t.op === op).length] as const).filter(([, n]) => n > 0);
  const read = trace.filter((t) => t.op === 'get' && t.error === undefined).reduce((sum, t) => sum + t.bytes, 0);
  const written = trace.filter((t) => t.op === 'put' && t.error === undefined).reduce((sum, t) => sum + t.bytes, 0);
  const failed = trace.filter((t) => t.error !== undefined).length;
  const parts = [counts.map(([op, n]) => `${n} ${op}`).join(', '), `${formatBytes(read)} read`, `${formatBytes(written)} written`];
  if (failed > 0) parts.push(`${failed} failed`);
  return parts.join(' · ');
}

export function StorageTrace({ trace }: { trace: StorageTraceEntry[] }) {
  if (trace.length === 0) return <p className="muted">The plugin made no storage call for this request.</p>;
  return (
    <table className="table table-compact" aria-label="Storage calls" data-testid="storage-trace">
      <caption className="muted trace-summary" data-testid="trace-summary">
        {summary(trace)}
      </caption>
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
