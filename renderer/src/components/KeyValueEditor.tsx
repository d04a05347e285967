/** Rows of key/value text inputs, used for mount options and for map, kvpairs and header fields. */
import type { KeyValueRow } from '../forms/form-values';

export function KeyValueEditor({
  rows,
  onChange,
  label,
  maskValues = false,
  keyPlaceholder = 'key',
  valuePlaceholder = 'value',
  id,
}: {
  rows: KeyValueRow[];
  onChange: (rows: KeyValueRow[]) => void;
  label: string;
  maskValues?: boolean;
  keyPlaceholder?: string;
  valuePlaceholder?: string;
  id?: string;
}) {
  const shown = rows.length === 0 ? [{ key: '', value: '' }] : rows;
  const update = (index: number, patch: Partial<KeyValueRow>) =>
    onChange(shown.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <div className="kv-editor" role="group" aria-label={label} id={id}>
      {shown.map((row, index) => (
        <div className="kv-row" key={index}>
          <input
            aria-label={`${label} key ${index + 1}`}
            placeholder={keyPlaceholder}
            value={row.key}
            onChange={(e) => update(index, { key: e.target.value })}
          />
          <input
            aria-label={`${label} value ${index + 1}`}
            placeholder={valuePlaceholder}
            type={maskValues ? 'password' : 'text'}
            autoComplete="off"
            value={row.value}
            onChange={(e) => update(index, { value: e.target.value })}
          />
          <button
            type="button"
            className="button-small"
            aria-label={`Remove ${label} row ${index + 1}`}
            onClick={() => onChange(shown.filter((_, i) => i !== index))}
          >
            ✕
          </button>
        </div>
      ))}
      <button type="button" className="button-small" onClick={() => onChange([...shown, { key: '', value: '' }])}>
        + Add {label.toLowerCase()}
      </button>
    </div>
  );
}
