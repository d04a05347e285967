/**
 * What plugins report besides their answers: events (pb.Events SendEvent, e.g. `kv-v2/data-write`)
 * and observations (pb.Observations RecordObservation). Hosts without these services make current
 * plugins log an error on every request; Strongroom answers them and shows them here.
 */
import { useState } from 'react';
import { clearPluginEvents, usePluginEvents } from './plugin-log-store';

type KindFilter = 'all' | 'event' | 'observation';

export function EventsPane() {
  const all = usePluginEvents();
  const [kind, setKind] = useState<KindFilter>('event');
  const shown = all.filter((e) => kind === 'all' || e.kind === kind).slice(-200).reverse();
  return (
    <div className="events-pane">
      <div className="toolbar">
        <label>
          Show{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as KindFilter)}>
            <option value="event">events</option>
            <option value="observation">observations</option>
            <option value="all">both</option>
          </select>
        </label>
        <button type="button" className="button-small" onClick={clearPluginEvents}>
          Clear
        </button>
        <span className="muted">{shown.length === 1 ? '1 entry' : `${shown.length} entries`} (newest first)</span>
      </div>
      {shown.length === 0 ? (
        <p className="empty">Nothing reported yet. Plugins built with current Vault SDKs report an event for each write.</p>
      ) : (
        <div className="table-scroll">
          <table className="table" aria-label="Plugin events" data-testid="events-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Kind</th>
                <th scope="col">Type</th>
                <th scope="col">Mount</th>
                <th scope="col">Data</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e, i) => (
                <tr key={`${e.time}-${i}`}>
                  <td className="mono">{e.time.slice(11, 23)}</td>
                  <td>{e.kind}</td>
                  <th scope="row" className="mono">
                    {e.type}
                  </th>
                  <td className="mono">{e.mountPath}</td>
                  <td className="mono event-data">{e.data === null ? '' : JSON.stringify(e.data)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
