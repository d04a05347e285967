/**
 * The path tree, virtualized (only the visible rows exist in the DOM, so a folder of 10,000 keys
 * scrolls smoothly). Keyboard: ↑/↓ move, → opens a folder, ← closes it, Enter picks.
 * Exposed as an ARIA tree with the active row as `aria-activedescendant`.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { TreeRow } from './tree-model';

const ROW_HEIGHT = 28;

export function PathTree({
  rows,
  selected,
  onToggle,
  onPick,
  label,
}: {
  rows: TreeRow[];
  selected: string;
  onToggle: (row: TreeRow) => void;
  onPick: (row: TreeRow) => void;
  label: string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(() => Math.max(0, rows.findIndex((r) => r.path === selected)));
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const activeIndex = Math.min(active, rows.length - 1);

  useEffect(() => {
    const index = rows.findIndex((r) => r.path === selected);
    if (index >= 0) setActive(index);
    // Only when the selection changes from outside (a link, breadcrumbs), not on every row change.
  }, [selected]);

  const move = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setActive(next);
    virtualizer.scrollToIndex(next);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const row = rows[activeIndex];
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(activeIndex + 1),
      ArrowUp: () => move(activeIndex - 1),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      PageDown: () => move(activeIndex + 15),
      PageUp: () => move(activeIndex - 15),
      ArrowRight: () => row?.kind === 'folder' && !row.expanded && onToggle(row),
      ArrowLeft: () => row?.kind === 'folder' && row.expanded && onToggle(row),
      Enter: () => row !== undefined && onPick(row),
    };
    const action = keys[event.key];
    if (action === undefined) return;
    event.preventDefault();
    action();
  };

  const rowId = (index: number) => `tree-row-${index}`;
  return (
    <div
      ref={scroller}
      className="tree"
      role="tree"
      aria-label={label}
      tabIndex={0}
      aria-activedescendant={rows.length > 0 ? rowId(activeIndex) : undefined}
      onKeyDown={onKeyDown}
      data-testid="path-tree"
      data-rows={rows.length}
    >
      <div className="tree-canvas" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (row === undefined) return null;
          return (
            <div
              key={row.path}
              id={rowId(item.index)}
              role="treeitem"
              aria-level={row.depth + 1}
              aria-expanded={row.kind === 'folder' ? row.expanded : undefined}
              aria-selected={row.path === selected}
              aria-setsize={rows.length}
              aria-posinset={item.index + 1}
              className={`tree-row tree-${row.kind}${item.index === activeIndex ? ' is-active' : ''}${row.path === selected ? ' is-selected' : ''}`}
              data-path={row.path}
              // React sets styles through the CSSOM, which the CSP (style-src 'self') allows.
              style={{ transform: `translateY(${item.start}px)`, paddingLeft: 8 + row.depth * 16 }}
              onClick={() => {
                setActive(item.index);
                if (row.kind === 'folder') onToggle(row);
                onPick(row);
              }}
            >
              <span className="tree-icon" aria-hidden="true">
                {row.kind === 'folder' ? (row.expanded ? '▾' : '▸') : row.kind === 'template' ? '◇' : '•'}
              </span>
              {row.name}
            </div>
          );
        })}
      </div>
    </div>
  );
}
