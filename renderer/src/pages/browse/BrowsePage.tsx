/** Path browser: the mount's tree on the left (LIST-loaded, filtered, virtualized), operations on the right. */
import { useMemo, useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { HelpText } from '../../components/HelpText';
import { helpSections, joinSections } from '../../components/help-sections';
import { navigate } from '../../routing/use-route';
import { Breadcrumbs } from './Breadcrumbs';
import { DevelopmentBadge } from './DevelopmentBadge';
import { MountPicker } from './MountPicker';
import { OperationsPanel } from './OperationsPanel';
import { PathTree } from './PathTree';
import { flattenTree, type TreeRow } from './tree-model';
import { useMountSchema } from './use-mount-schema';
import { useTreeChildren } from './use-tree-children';

/** `metadata/app/db` → `metadata/`, `metadata/app/` (the folders to open to show it). */
function ancestors(relative: string): string[] {
  const parts = relative.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/') + '/');
}

export function BrowsePage({ path }: { path: string }) {
  const { mounts, mount, help, models, relative } = useMountSchema(path);
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set(ancestors(path.slice(path.indexOf('/') + 1))));
  const [filter, setFilter] = useState('');
  const folders = useMemo(() => ['', ...expanded], [expanded]);
  const tree = useTreeChildren(mount?.path ?? '', models, mount === undefined ? [] : folders);
  const rows = useMemo(() => flattenTree('', tree.childrenOf, expanded, filter), [tree.childrenOf, expanded, filter]);

  if (mounts.isError) return <ErrorNotice error={mounts.error} />;
  if (mount === undefined) {
    return (
      <section className="page" aria-labelledby="browse-title">
        <h1 id="browse-title">Browse</h1>
        {mounts.data !== undefined && path !== '' && <p className="notice">No mount serves <code>{path}</code>.</p>}
        {mounts.data !== undefined && <MountPicker mounts={mounts.data.mounts} />}
      </section>
    );
  }

  const toggle = (row: TreeRow) =>
    setExpanded((old) => {
      const next = new Set(old);
      if (next.has(row.path)) next.delete(row.path);
      else next.add(row.path);
      return next;
    });
  const pick = (row: TreeRow) => navigate({ page: 'browse', path: mount.path + row.path });

  return (
    <section className="page page-wide" aria-labelledby="browse-title">
      <h1 id="browse-title" className="sr-only">
        Browse {mount.path}
      </h1>
      <Breadcrumbs mountPath={mount.path} relative={relative} />
      <ErrorNotice error={help.error} title="The plugin did not describe its paths" />
      {tree.errors.map((e, i) => (
        <ErrorNotice key={i} error={e} title="Listing failed" />
      ))}
      <div className="browse">
        <div className="browse-tree">
          <div className="toolbar">
            <label className="sr-only" htmlFor="tree-filter">
              Filter entries
            </label>
            <input id="tree-filter" type="search" placeholder="Filter…" value={filter} onChange={(e) => setFilter(e.target.value)} />
            <button type="button" className="button-small" onClick={() => void tree.refetch()} aria-label="Refresh listings">
              ↻
            </button>
          </div>
          {help.isPending ? <p className="muted">Asking the plugin for its paths…</p> : <PathTree rows={rows} selected={relative} onToggle={toggle} onPick={pick} label={`Paths of ${mount.path}`} />}
          <p className="muted tree-count" aria-live="polite">
            {tree.loading ? 'Loading…' : `${rows.length} entries`}
          </p>
        </div>
        <div className="browse-detail">
          <h2 className="path-heading">
            <code>{mount.path + relative}</code> <span className="muted">· {mount.type}</span> <DevelopmentBadge mountPath={mount.path} />
          </h2>
          {relative === '' ? (
            <MountHelp text={help.data?.help ?? ''} />
          ) : (
            <OperationsPanel mountPath={mount.path} relative={relative} models={models} />
          )}
        </div>
      </div>
    </section>
  );
}

/** The mount's own help: its description and other sections; the list of path patterns, which the tree already shows, folded away. */
function MountHelp({ text }: { text: string }) {
  const sections = helpSections(text);
  const paths = sections.find((section) => section.title === 'PATHS');
  return (
    <div data-testid="mount-help">
      <HelpText text={joinSections(sections.filter((section) => section !== paths))} />
      <p className="muted">Pick a path on the left to see what the plugin can do there.</p>
      {paths !== undefined && (
        <details className="help-paths">
          <summary>Path patterns, as the plugin describes them</summary>
          <HelpText text={paths.body} />
        </details>
      )}
    </div>
  );
}
