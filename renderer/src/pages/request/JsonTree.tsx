/** A collapsible JSON tree; with `masked`, string values are hidden (keys and shapes stay visible). */
const MASK = '••••••••';

export function JsonTree({ value, masked, name }: { value: unknown; masked: boolean; name?: string }) {
  const label = name === undefined ? null : <span className="json-key">{name}: </span>;
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    const open = Array.isArray(value) ? '[' : '{';
    const close = Array.isArray(value) ? ']' : '}';
    if (entries.length === 0) {
      return (
        <div className="json-line">
          {label}
          <span className="json-punct">{`${open}${close}`}</span>
        </div>
      );
    }
    return (
      <details open className="json-node">
        <summary>
          {label}
          <span className="json-punct">{open}</span>
          <span className="muted"> {entries.length} {entries.length === 1 ? 'item' : 'items'}</span>
        </summary>
        <div className="json-children">
          {entries.map(([key, child]) => (
            <JsonTree key={key} name={key} value={child} masked={masked} />
          ))}
        </div>
        <span className="json-punct">{close}</span>
      </details>
    );
  }
  const shown = typeof value === 'string' ? (masked ? MASK : JSON.stringify(value)) : String(value);
  return (
    <div className="json-line">
      {label}
      <span className={`json-value json-${value === null ? 'null' : typeof value}`} data-masked={masked && typeof value === 'string'}>
        {shown}
      </span>
    </div>
  );
}
