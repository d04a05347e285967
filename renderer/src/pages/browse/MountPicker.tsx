import type { MountView } from '../../../../electron/common/contract/mounts';
import { routeHref } from '../../routing/routes';

/** Browse's starting point: one card per mount. */
export function MountPicker({ mounts }: { mounts: MountView[] }) {
  const usable = mounts.filter((m) => !m.builtin);
  if (usable.length === 0) return <p className="empty">Nothing to browse yet. <a href="#/mounts">Enable a secrets engine</a> first.</p>;
  return (
    <ul className="mount-cards">
      {usable.map((m) => (
        <li key={m.path}>
          <a className="card mount-card" href={routeHref({ page: 'browse', path: m.path })}>
            <code>{m.path}</code>
            <span className="muted">
              {m.type} {m.pluginVersion}
            </span>
            {m.description !== '' && <span>{m.description}</span>}
          </a>
        </li>
      ))}
    </ul>
  );
}
