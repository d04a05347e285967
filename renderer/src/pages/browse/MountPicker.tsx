import type { MountView } from '../../../../electron/common/contract/mounts';
import { routeHref } from '../../routing/routes';

/** Browse's starting point: one card per mount, the built-in `sys/` last. */
export function MountPicker({ mounts }: { mounts: MountView[] }) {
  const own = mounts.filter((m) => !m.builtin);
  const usable = [...own, ...mounts.filter((m) => m.builtin)];
  return (
    <>
      {own.length === 0 && (
        <p className="empty">
          Nothing to browse yet. <a href="#/mounts">Enable a secrets engine</a> first.
        </p>
      )}
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
    </>
  );
}
