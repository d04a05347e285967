/** The live plugin log: newest at the bottom, follows new lines unless the user scrolled up. */
import { useEffect, useRef, useState } from 'react';
import { clearPluginLogs, usePluginLogs } from './plugin-log-store';

export function LogPane() {
  const lines = usePluginLogs();
  const [plugin, setPlugin] = useState('');
  const [minLevel, setMinLevel] = useState('trace');
  const box = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  const levels = ['trace', 'debug', 'info', 'warn', 'error'];
  const plugins = [...new Set(lines.map((l) => l.plugin))].sort();
  const shown = lines.filter((l) => (plugin === '' || l.plugin === plugin) && levels.indexOf(l.level) >= levels.indexOf(minLevel));

  useEffect(() => {
    const el = box.current;
    if (el !== null && follow.current) el.scrollTop = el.scrollHeight;
  }, [shown.length]);

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
          Level{' '}
          <select value={minLevel} onChange={(e) => setMinLevel(e.target.value)}>
            {levels.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>
        <button type="button" className="button-small" onClick={clearPluginLogs}>
          Clear
        </button>
        <span className="muted">{shown.length} lines</span>
      </div>
      <div
        ref={box}
        className="log-lines"
        role="log"
        aria-label="Plugin log"
        tabIndex={0}
        data-testid="log-pane"
        onScroll={(e) => {
          const el = e.currentTarget;
          follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {shown.length === 0 && <p className="muted">No log lines yet. Plugins write here through stderr.</p>}
        {shown.map((line, i) => (
          <div key={i} className={`log-line log-${line.level}`}>
            <span className="log-time">{line.time.slice(11, 23)}</span> <span className="log-level">{line.level}</span>{' '}
            <span className="log-plugin">
              {line.plugin}
              {line.mount === undefined ? '' : ` ${line.mount}`} #{line.pid}
            </span>{' '}
            <span className="log-message">{line.message}</span>
            {Object.keys(line.fields).length > 0 && <span className="log-fields"> {JSON.stringify(line.fields)}</span>}
          </div>
        ))}
      </div>
    </div>
  );
}
