/**
 * A JSON diff as a list a person reads top to bottom: `+ path: value` added, `− path: value`
 * removed, `~ path: before → after` changed. With `masked`, string values are hidden as in the
 * response's JSON tree (paths and shapes stay visible).
 */
import { jsonDiff, type JsonChange } from './json-diff';

const MASK = '••••••••';

function masks(value: unknown): unknown {
  if (typeof value === 'string') return MASK;
  if (Array.isArray(value)) return value.map(masks);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masks(v)]));
  return value;
}

function shown(value: unknown, masked: boolean): string {
  const text = JSON.stringify(masked ? masks(value) : value);
  return text === undefined ? 'undefined' : text;
}

const SIGN: Record<JsonChange['kind'], string> = { added: '+', removed: '−', changed: '~' };

export function JsonDiffView({ before, after, masked, label }: { before: unknown; after: unknown; masked: boolean; label: string }) {
  const changes = jsonDiff(before, after);
  if (changes.length === 0) return <p className="muted" data-testid="json-diff-none">No difference: both answers hold the same data.</p>;
  const counts = (['added', 'removed', 'changed'] as const).map((kind) => `${changes.filter((c) => c.kind === kind).length} ${kind}`).join(', ');
  return (
    <div className="json-diff" data-testid="json-diff">
      <p className="muted">{counts}</p>
      <ul aria-label={label}>
        {changes.map((change) => (
          <li key={`${change.kind}:${change.path}`} className={`diff-${change.kind}`} data-kind={change.kind}>
            <span className="diff-sign" aria-hidden="true">
              {SIGN[change.kind]}
            </span>{' '}
            <span className="sr-only">{change.kind} </span>
            <span className="json-key">{change.path}</span>:{' '}
            {change.kind === 'added' && <span className="mono">{shown(change.after, masked)}</span>}
            {change.kind === 'removed' && <span className="mono">{shown(change.before, masked)}</span>}
            {change.kind === 'changed' && (
              <span className="mono">
                {shown(change.before, masked)} → {shown(change.after, masked)}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
