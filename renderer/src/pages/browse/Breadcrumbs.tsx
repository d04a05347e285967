import { routeHref } from '../../routing/routes';

/** `secret/` › `metadata/` › `app/` › `db`, each a link to browse there. */
export function Breadcrumbs({ mountPath, relative, page = 'browse' }: { mountPath: string; relative: string; page?: 'browse' }) {
  const parts = relative.split('/').filter((p) => p !== '');
  const crumbs = parts.map((part, i) => {
    const isLast = i === parts.length - 1;
    const rel = parts.slice(0, i + 1).join('/') + (isLast && !relative.endsWith('/') ? '' : '/');
    return { label: part + (rel.endsWith('/') ? '/' : ''), path: mountPath + rel };
  });
  return (
    <nav aria-label="Breadcrumbs" className="breadcrumbs">
      <ol>
        <li>
          <a href={routeHref({ page, path: '' })}>mounts</a>
        </li>
        <li>
          <a href={routeHref({ page, path: mountPath })} aria-current={crumbs.length === 0 ? 'location' : undefined}>
            {mountPath}
          </a>
        </li>
        {crumbs.map((c, i) => (
          <li key={c.path}>
            <a href={routeHref({ page, path: c.path })} aria-current={i === crumbs.length - 1 ? 'location' : undefined}>
              {c.label}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
