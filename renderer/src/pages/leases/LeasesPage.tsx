/** Leases, paged by cursor: what was issued where, how long it has left; renew or revoke. */
import { useEffect, useRef, useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Pager } from '../../components/Pager';
import { RevokePrefixDialog } from './RevokePrefixDialog';
import { formatTime, formatUptime } from '../../components/format';
import { useCursorPages } from '../../components/use-cursor-pages';
import { useContractEvent, useContractMutation, useContractQuery } from '../../client/use-contract';

const PAGE_SIZE = 50;

export function LeasesPage() {
  const [prefix, setPrefix] = useState('');
  const [confirmingRevoke, setConfirmingRevoke] = useState(false);
  const pages = useCursorPages<string>();
  const leases = useContractQuery('leases.list', { prefix: prefix === '' ? undefined : prefix, cursor: pages.cursor, limit: PAGE_SIZE });
  const renew = useContractMutation('leases.renew', ['leases.list']);
  const revoke = useContractMutation('leases.revoke', ['leases.list']);
  // Leases change under the page (an API client, the expiry timer, another window): refetch once a
  // burst of changes has settled rather than once per change.
  const settle = useRef<ReturnType<typeof setTimeout>>(undefined);
  useContractEvent('leases.changed', () => {
    clearTimeout(settle.current);
    settle.current = setTimeout(() => void leases.refetch(), 100);
  });
  useEffect(() => () => clearTimeout(settle.current), []);
  return (
    <section className="page" aria-labelledby="leases-title">
      <h1 id="leases-title">Leases</h1>
      <p className="lead">Secrets with a time to live. When one expires, its plugin is asked to revoke it.</p>
      <div className="toolbar">
        <label htmlFor="lease-prefix">Prefix</label>
        <input id="lease-prefix" type="search" value={prefix} placeholder="e.g. secret/" onChange={(e) => (setPrefix(e.target.value), pages.reset())} />
        {leases.data !== undefined && <span className="muted">{leases.data.total === 1 ? '1 lease' : `${leases.data.total} leases`}</span>}
        {prefix !== '' && (leases.data?.total ?? 0) > 0 && (
          <button type="button" className="button-small button-danger-quiet" onClick={() => setConfirmingRevoke(true)}>
            Revoke all under {prefix}…
          </button>
        )}
      </div>
      {confirmingRevoke && leases.data !== undefined && <RevokePrefixDialog prefix={prefix} total={leases.data.total} onClose={() => setConfirmingRevoke(false)} />}
      <ErrorNotice error={leases.error ?? renew.error ?? revoke.error} />
      {leases.data !== undefined && leases.data.leases.length === 0 && <p className="empty">No lease{prefix === '' ? '' : ` under ${prefix}`}. Engines that issue dynamic secrets create them.</p>}
      {leases.data !== undefined && leases.data.leases.length > 0 && (
        <table className="table" aria-label="Leases" data-testid="leases-table">
          <thead>
            <tr>
              <th scope="col">Lease</th>
              <th scope="col">Issued</th>
              <th scope="col">Expires</th>
              <th scope="col">TTL left</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {leases.data.leases.map((l) => (
              <tr key={l.leaseId}>
                <th scope="row" className="mono">
                  {l.leaseId}
                </th>
                <td>{formatTime(l.issueTime)}</td>
                <td>{formatTime(l.expireTime)}</td>
                <td>{formatUptime(l.ttlSeconds * 1000)}</td>
                <td className="row-actions">
                  <button type="button" className="button-small" disabled={!l.renewable} onClick={() => renew.mutate({ leaseId: l.leaseId })}>
                    Renew
                  </button>
                  <button type="button" className="button-small button-danger-quiet" onClick={() => revoke.mutate({ leaseId: l.leaseId })}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager label="Leases" page={pages.page} hasNext={leases.data?.nextCursor != null} onPrevious={pages.previous} onNext={() => leases.data?.nextCursor != null && pages.next(leases.data.nextCursor)} />
    </section>
  );
}
