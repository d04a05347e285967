/** The audit log, newest first and paged: every request and response, values HMAC'd. */
import { useMemo, useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Pager } from '../../components/Pager';
import { useCursorPages } from '../../components/use-cursor-pages';
import { useContractMutation, useContractQuery } from '../../client/use-contract';
import { AuditRow } from './AuditRow';

const PAGE_SIZE = 50;

export function AuditPage() {
  const [path, setPath] = useState('');
  const [value, setValue] = useState('');
  const pages = useCursorPages<number>();
  const audit = useContractQuery('audit.list', { cursor: pages.cursor, limit: PAGE_SIZE, path: path === '' ? undefined : path });
  const hash = useContractMutation('audit.hash');
  // The live tokens' display names by accessor: the log holds only accessors.
  const tokens = useContractQuery('tokens.list', {});
  const displayNames = useMemo(() => (tokens.data === undefined ? undefined : new Map(tokens.data.tokens.map((t) => [t.accessor, t.displayName]))), [tokens.data]);
  return (
    <section className="page" aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <p className="lead">Every request and response. Values are replaced by their HMAC, so the log shows where a secret was used without holding it.</p>
      <div className="toolbar">
        <label htmlFor="audit-path">Path prefix</label>
        <input id="audit-path" type="search" value={path} placeholder="e.g. secret/data/" onChange={(e) => (setPath(e.target.value), pages.reset())} />
        <button type="button" className="button-small" onClick={() => void Promise.all([audit.refetch(), tokens.refetch()])}>
          Refresh
        </button>
      </div>
      <form className="toolbar" onSubmit={(e) => (e.preventDefault(), hash.mutate({ value }))}>
        <label htmlFor="audit-hash">Find a value</label>
        <input id="audit-hash" type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} placeholder="value to hash" />
        <button type="submit" className="button-small" disabled={value === ''}>
          Compute HMAC
        </button>
        {hash.data !== undefined && <code className="hash-result">{hash.data.hash}</code>}
      </form>
      <ErrorNotice error={audit.error ?? hash.error} />
      {audit.data !== undefined && audit.data.entries.length === 0 && <p className="empty">No entries{path === '' ? '' : ` under ${path}`}.</p>}
      {audit.data !== undefined && audit.data.entries.length > 0 && (
        <table className="table table-compact" aria-label="Audit entries" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Kind</th>
              <th scope="col">Operation</th>
              <th scope="col">Path</th>
              <th scope="col">Token</th>
              <th scope="col">Result</th>
              <th scope="col">Data</th>
            </tr>
          </thead>
          <tbody>
            {audit.data.entries.map((entry) => (
              <AuditRow key={entry.seq} entry={entry} hash={hash.data?.hash} displayNames={displayNames} />
            ))}
          </tbody>
        </table>
      )}
      <Pager label="Audit" previousLabel="← Newer" nextLabel="Older →" page={pages.page} hasNext={audit.data?.nextCursor != null} onPrevious={pages.previous} onNext={() => audit.data?.nextCursor != null && pages.next(audit.data.nextCursor)} />
    </section>
  );
}
