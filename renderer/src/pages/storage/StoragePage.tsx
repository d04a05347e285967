/**
 * A mount's raw storage as its plugin sees it (`storage.list`): the names under a prefix in key
 * order, sub-folders to open, each value's size, and the value itself only when revealed
 * (`StoredValue.tsx`). The keys are relative to the mount; the core keeps them under
 * `logical/<mount uuid>/`.
 */
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes } from '../../components/format';
import { Pager } from '../../components/Pager';
import { useCursorPages } from '../../components/use-cursor-pages';
import { useContractQuery } from '../../client/use-contract';
import { routeHref } from '../../routing/routes';
import { navigate } from '../../routing/use-route';
import { StoredValue } from './StoredValue';

const BUILT_IN = new Set(['sys/', 'auth/token/']);

function PrefixCrumbs({ mount, prefix }: { mount: string; prefix: string }) {
  const parts = prefix.split('/').filter((part) => part !== '');
  return (
    <nav className="breadcrumbs" aria-label="Storage prefix">
      <ol>
        <li>
          <a href={routeHref({ page: 'storage', mount, prefix: '' })}>{mount}</a>
        </li>
        {parts.map((part, i) => (
          <li key={i}>
            <a href={routeHref({ page: 'storage', mount, prefix: `${parts.slice(0, i + 1).join('/')}/` })}>{part}/</a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function StoragePage({ mount, prefix }: { mount: string; prefix: string }) {
  const mounts = useContractQuery('mounts.list', {});
  const pages = useCursorPages<string>();
  const chosen = mount === '' ? undefined : mount;
  const list = useContractQuery(
    'storage.list',
    { mount: chosen ?? '', prefix, limit: 100, ...(pages.cursor === undefined ? {} : { after: pages.cursor }) },
    { enabled: chosen !== undefined },
  );
  const choices = (mounts.data?.mounts ?? []).filter((m) => !BUILT_IN.has(m.path));
  return (
    <section className="page page-wide" aria-labelledby="storage-title">
      <h1 id="storage-title">Storage{chosen === undefined ? '' : ` of ${chosen}`}</h1>
      <p className="muted">The mount's keys as its plugin reads and writes them. Values are shown only when you reveal one (sizes come from decrypting each listed value in memory); each read is audited.</p>
      <label>
        Mount{' '}
        <select value={chosen ?? ''} onChange={(e) => navigate({ page: 'storage', mount: e.target.value, prefix: '' })}>
          <option value="">Choose a mount…</option>
          {choices.map((m) => (
            <option key={m.path} value={m.path}>
              {m.path} ({m.type})
            </option>
          ))}
        </select>
      </label>
      {chosen !== undefined && (
        <>
          <PrefixCrumbs mount={chosen} prefix={prefix} />
          <ErrorNotice error={list.error} title="Could not list the storage" />
          {list.data !== undefined && list.data.entries.length === 0 && <p className="empty">Nothing is stored under this prefix.</p>}
          {list.data !== undefined && list.data.entries.length > 0 && (
            <table className="table table-compact" aria-label="Stored keys" data-testid="storage-keys">
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Size</th>
                  <th scope="col">Value</th>
                </tr>
              </thead>
              <tbody>
                {list.data.entries.map((entry) => (
                  <tr key={entry.key} data-key={entry.key}>
                    <th scope="row" className="mono trace-key">
                      {entry.folder ? <a href={routeHref({ page: 'storage', mount: chosen, prefix: entry.key })}>{entry.name}</a> : entry.name}
                    </th>
                    <td className="nowrap">{entry.bytes === null ? 'folder' : formatBytes(entry.bytes)}</td>
                    <td>{entry.folder ? null : <StoredValue key={entry.key} mount={chosen} storageKey={entry.key} bytes={entry.bytes} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager
            label="Stored keys"
            page={pages.page}
            hasNext={list.data?.nextCursor != null}
            onPrevious={pages.previous}
            onNext={() => list.data?.nextCursor != null && pages.next(list.data.nextCursor)}
          />
        </>
      )}
    </section>
  );
}
