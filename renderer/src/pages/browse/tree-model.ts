/**
 * The path tree as data: the entries a folder shows (static ones from the OpenAPI templates, or
 * the keys a LIST returned), and the flattening of expanded folders into rows for the virtual list.
 */
import type { PathModel } from '../../forms/openapi-form-model';
import { matchPath } from '../../forms/openapi-form-model';

export interface TreeEntry {
  /** Relative to the mount: `metadata/app/`, `config`, `hello/{name}`. */
  path: string;
  name: string;
  kind: 'folder' | 'leaf' | 'template';
}

export interface TreeRow extends TreeEntry {
  depth: number;
  expanded: boolean;
}

/** Whether the plugin declares a LIST operation for this folder path. */
export function canList(models: PathModel[], folder: string): boolean {
  return matchPath(models, folder).some((m) => m.model.operations.some((op) => op.operation === 'list'));
}

/** Entries under `folder` that come from the templates themselves (no request needed). */
export function staticEntries(models: PathModel[], folder: string): TreeEntry[] {
  const out = new Map<string, TreeEntry>();
  for (const { template } of models) {
    if (!template.startsWith(folder) || template === folder) continue;
    const rest = template.slice(folder.length);
    if (rest.startsWith('{')) {
      const end = rest.indexOf('}') + 1;
      out.set(template, { path: folder + rest, name: rest.slice(0, end) + rest.slice(end), kind: 'template' });
      continue;
    }
    const slash = rest.indexOf('/');
    const brace = rest.indexOf('{');
    if (slash >= 0 && (brace < 0 || slash < brace)) {
      const name = rest.slice(0, slash + 1);
      out.set(folder + name, { path: folder + name, name, kind: 'folder' });
    } else if (brace < 0) {
      out.set(folder + rest, { path: folder + rest, name: rest, kind: 'leaf' });
    } else {
      out.set(template, { path: template, name: rest, kind: 'template' });
    }
  }
  return [...out.values()].sort(compareEntries);
}

/** LIST keys (`app/`, `db`) → entries under `folder`. */
export function listedEntries(folder: string, keys: unknown): TreeEntry[] {
  if (!Array.isArray(keys)) return [];
  return keys
    .filter((k): k is string => typeof k === 'string')
    .map((k): TreeEntry => ({ path: folder + k, name: k, kind: k.endsWith('/') ? 'folder' : 'leaf' }))
    .sort(compareEntries);
}

function compareEntries(a: TreeEntry, b: TreeEntry): number {
  if ((a.kind === 'folder') !== (b.kind === 'folder')) return a.kind === 'folder' ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Depth-first rows of every expanded folder. `childrenOf` answers undefined while a folder is
 * loading. A filter keeps entries whose name contains it, and expanded folders (their children
 * are filtered in turn).
 */
export function flattenTree(
  root: string,
  childrenOf: (folder: string) => TreeEntry[] | undefined,
  expanded: ReadonlySet<string>,
  filter: string,
): TreeRow[] {
  const rows: TreeRow[] = [];
  const needle = filter.trim().toLowerCase();
  const walk = (folder: string, depth: number) => {
    for (const entry of childrenOf(folder) ?? []) {
      const isOpen = entry.kind === 'folder' && expanded.has(entry.path);
      if (needle !== '' && !isOpen && !entry.name.toLowerCase().includes(needle)) continue;
      rows.push({ ...entry, depth, expanded: isOpen });
      if (isOpen) walk(entry.path, depth + 1);
    }
  };
  walk(root, 0);
  return rows;
}
