/**
 * The live plugin log: newest at the bottom, follows new lines unless the user scrolled up.
 * Virtualized (only the visible rows exist in the DOM) and fed in batches, so a plugin flooding
 * its stderr cannot make the page stop answering clicks. On open it loads the host's recent
 * history (`plugins.logs`), so a reloaded page still shows what the plugins said.
 */
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { LogRow } from './log-buffer';
import { clearPluginLogs, useLoadLogHistory, useLogMountPaths, useLogPluginNames, usePluginLogs } from './plugin-log-store';

const ROW_HEIGHT = 18;
/** The pane's CSS height (`.log-lines`), so the first render needs no measuring. */
const PANE_HEIGHT = 260;
const LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;

/**
 * The pane's size from a ResizeObserver only: the virtualizer's default also reads
 * getBoundingClientRect while React commits, which forces a layout of the whole page in the middle
 * of a page switch.
 */
function observePaneRect(instance: { scrollElement: Element | null }, update: (rect: { width: number; height: number }) => void) {
  const element = instance.scrollElement;
  if (element === null) return undefined;
  const observer = new ResizeObserver((entries) => {
    const box = entries[0]?.borderBoxSize[0];
    if (box !== undefined) update({ width: Math.round(box.inlineSize), height: Math.round(box.blockSize) });
  });
  observer.observe(element);
  return () => observer.disconnect();
}

export function LogPane() {
  // Deferred: new batches re-render the pane at low priority, so a click is never queued behind one.
  const lines = useDeferredValue(usePluginLogs());
  const loadHistory = useLoadLogHistory();
  const [plugin, setPlugin] = useState('');
  const [mount, setMount] = useState('');
  const [minLevel, setMinLevel] = useState<string>('trace');
  const [historyError, setHistoryError] = useState('');
  const box = useRef<HTMLDivElement>(null);
  const follow = useRef(true);

  useEffect(() => {
    loadHistory().catch((error: unknown) => setHistoryError(error instanceof Error ? error.message : String(error)));
  }, [loadHistory]);

  const plugins = useLogPluginNames();
  const mounts = useLogMountPaths();
  const shown = useMemo(() => {
    if (plugin === '' && mount === '' && minLevel === 'trace') return lines;
    const min = LEVELS.indexOf(minLevel as (typeof LEVELS)[number]);
    return lines.filter(
      (l) =>
        (plugin === '' || l.plugin === plugin) &&
        (mount === '' || l.dropped !== undefined || (l.mount ?? '').split(',').includes(mount)) &&
        LEVELS.indexOf(l.level) >= min,
    );
  }, [lines, plugin, mount, minLevel]);

  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => box.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
    initialRect: { width: 0, height: PANE_HEIGHT },
    // Opens at the newest line: the first render is the one that stays.
    initialOffset: () => shown.length * ROW_HEIGHT,
    observeElementRect: observePaneRect,
  });

  // One scroll write per batch: the virtualizer's scrollToIndex re-measures over several frames.
  const totalSize = virtualizer.getTotalSize();
  useEffect(() => {
    const el = box.current;
    if (el !== null && follow.current) el.scrollTop = totalSize;
  }, [totalSize]);

  return (
    <div className="log-pane">
      <div className="toolbar">
        <label>
          Plugin{' '}
          <select value={plugin} onChange={(e) => setPlugin(e.target.value)}>
            <option value="">all</option>
            {plugins.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <label>
          Mount{' '}
          <select value={mount} onChange={(e) => setMount(e.target.value)}>
            <option value="">all</option>
            {mounts.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          Level{' '}
          <select value={minLevel} onChange={(e) => setMinLevel(e.target.value)}>
            {LEVELS.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>
        <button type="button" className="button-small" onClick={clearPluginLogs}>
          Clear
        </button>
        <span className="muted" data-testid="log-count">
          {shown.length} lines
        </span>
        {historyError !== '' && <span className="error-text">Could not load the earlier log: {historyError}</span>}
      </div>
      <div
        ref={box}
        className="log-lines"
        role="log"
        aria-label="Plugin log"
        tabIndex={0}
        data-testid="log-pane"
        data-rows={shown.length}
        data-level={minLevel}
        onScroll={(e) => {
          const el = e.currentTarget;
          follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT + 6;
        }}
      >
        {shown.length === 0 && <p className="muted">No log lines yet. Plugins write here through stderr.</p>}
        <div className="log-canvas" style={{ height: totalSize }}>
          {virtualizer.getVirtualItems().map((item) => {
            const line = shown[item.index];
            return line === undefined ? null : <LogLine key={line.seq} line={line} top={item.start} />;
          })}
        </div>
      </div>
    </div>
  );
}

function LogLine({ line, top }: { line: LogRow; top: number }) {
  const fields = Object.keys(line.fields).length > 0 ? ` ${JSON.stringify(line.fields)}` : '';
  return (
    <div
      className={`log-line log-${line.level}${line.dropped === undefined ? '' : ' log-dropped'}`}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      title={line.message.length > 120 ? line.message.slice(0, 2000) : undefined}
    >
      <span className="log-time">{line.time.slice(11, 23)}</span> <span className="log-level">{line.level}</span>{' '}
      <span className="log-plugin">
        {line.plugin}
        {line.mount === undefined ? '' : ` ${line.mount}`}
        {line.dropped === undefined ? ` #${line.pid}` : ''}
      </span>{' '}
      <span className="log-message">{line.message}</span>
      {fields !== '' && <span className="log-fields">{fields}</span>}
    </div>
  );
}
