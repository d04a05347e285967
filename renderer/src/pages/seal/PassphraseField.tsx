import { useState } from 'react';

/** A passphrase input with a show/hide toggle. */
export function PassphraseField({ id, label, value, onChange, autoFocus = false, describedBy }: { id: string; label: string; value: string; onChange: (v: string) => void; autoFocus?: boolean; describedBy?: string }) {
  const [shown, setShown] = useState(false);
  return (
    <div className="field-row">
      <label htmlFor={id}>{label}</label>
      <span className="sensitive-input">
        <input
          id={id}
          type={shown ? 'text' : 'password'}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          autoComplete="off"
          autoFocus={autoFocus}
          aria-describedby={describedBy}
        />
        <button type="button" className="button-small" aria-pressed={shown} aria-label={`Show ${label.toLowerCase()}`} onClick={() => setShown(!shown)}>
          {shown ? 'Hide' : 'Show'}
        </button>
      </span>
    </div>
  );
}
