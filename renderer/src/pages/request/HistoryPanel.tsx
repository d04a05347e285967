/** Requests sent in this session: replay one, or copy it as a `vault` command or a curl call against the Vault API. */
import { useContractQuery } from '../../client/use-contract';
import { CopyButton } from '../../components/CopyButton';
import { copyAs, type CopyTool } from './copy-as';
import { clearHistory, useRequestHistory, type HistoryEntry } from './history-store';

/** The export line and the call, as a terminal would paste them (the same snippet "Copy as" shows). */
function pasteable(tool: CopyTool, entry: HistoryEntry, address: string | null): string {
  const { envLine, code } = copyAs(tool, entry, address);
  return `${envLine}\n${code}`;
}

export function HistoryPanel({ onReplay }: { onReplay: (entry: HistoryEntry) => void }) {
  const history = useRequestHistory();
  const address = useContractQuery('app.info', {}).data?.vaultApiAddress ?? null;
  return (
    <section className="card history" aria-labelledby="history-title" data-testid="history">
      <header className="response-header">
        <h2 id="history-title">History</h2>
        <span className="muted">this session only</span>
        <span className="spacer" />
        {history.length > 0 && (
          <button type="button" className="button-small" onClick={clearHistory}>
            Clear
          </button>
        )}
      </header>
      {history.length === 0 && <p className="muted">Requests you send appear here.</p>}
      <ol className="history-list">
        {history.map((entry) => (
          <li key={entry.id} className={entry.outcome.ok ? 'history-ok' : 'history-failed'}>
            <div>
              <span className={`badge badge-op-${entry.operation}`}>{entry.operation}</span> <code>{entry.path}</code>
            </div>
            <div className="muted">
              {new Date(entry.time).toLocaleTimeString()} · {entry.outcome.ok ? `${entry.outcome.durationMs.toFixed(1)} ms` : entry.outcome.code}
            </div>
            <div className="inline">
              <button type="button" className="button-small" onClick={() => onReplay(entry)}>
                Replay
              </button>
              <CopyButton label="Copy vault CLI" text={pasteable('vault', entry, address)} />
              <CopyButton label="Copy curl" text={pasteable('curl', entry, address)} />
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
