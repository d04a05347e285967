/**
 * The one place where a field type becomes a widget. Every FieldKind has an entry (the Record
 * type makes a missing one a compile error); sensitive fields are masked whatever their kind.
 */
import { useState, type ComponentType } from 'react';
import { KeyValueEditor } from '../components/KeyValueEditor';
import type { FieldKind } from './field-kind';
import type { KeyValueRow, RawValue } from './form-values';
import type { FieldModel } from './openapi-form-model';

export interface WidgetProps {
  field: FieldModel;
  id: string;
  value: RawValue;
  onChange: (value: RawValue) => void;
  describedBy: string | undefined;
}

const text = (value: RawValue) => (typeof value === 'string' ? value : '');

function textInput(type: 'text' | 'number', extra: { inputMode?: 'numeric' | 'decimal'; placeholder?: string; step?: string } = {}) {
  return function TextWidget({ field, id, value, onChange, describedBy }: WidgetProps) {
    const options = field.options;
    if (options !== undefined && options.length > 0) {
      return (
        <select id={id} value={text(value)} onChange={(e) => onChange(e.target.value)} aria-describedby={describedBy} data-widget="select">
          <option value="">—</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    }
    return (
      <input
        id={id}
        type={type}
        value={text(value)}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={describedBy}
        aria-required={field.required}
        autoComplete="off"
        spellCheck={false}
        data-widget={field.kind}
        {...extra}
      />
    );
  };
}

function SensitiveWidget({ field, id, value, onChange, describedBy }: WidgetProps) {
  const [shown, setShown] = useState(false);
  return (
    <span className="sensitive-input">
      <input
        id={id}
        type={shown ? 'text' : 'password'}
        value={text(value)}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={describedBy}
        aria-required={field.required}
        autoComplete="new-password"
        data-widget="sensitive"
      />
      <button type="button" className="button-small" aria-pressed={shown} onClick={() => setShown(!shown)}>
        {shown ? 'Hide' : 'Show'}
      </button>
    </span>
  );
}

function BoolWidget({ id, value, onChange, describedBy }: WidgetProps) {
  return (
    <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} aria-describedby={describedBy} data-widget="bool" />
  );
}

function pairsWidget(keyPlaceholder: string, valuePlaceholder: string) {
  return function PairsWidget({ field, id, value, onChange }: WidgetProps) {
    return (
      <KeyValueEditor
        id={id}
        label={field.label}
        rows={Array.isArray(value) ? value : []}
        onChange={(rows: KeyValueRow[]) => onChange(rows)}
        maskValues={field.sensitive}
        keyPlaceholder={keyPlaceholder}
        valuePlaceholder={valuePlaceholder}
      />
    );
  };
}

function listWidget(placeholder: string) {
  return function ListWidget({ field, id, value, onChange, describedBy }: WidgetProps) {
    return (
      <textarea
        id={id}
        rows={3}
        value={text(value)}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={describedBy}
        aria-required={field.required}
        spellCheck={false}
        data-widget={field.kind}
      />
    );
  };
}

function TimeWidget({ field, id, value, onChange, describedBy }: WidgetProps) {
  return (
    <input
      id={id}
      type="text"
      value={text(value)}
      placeholder="2026-01-31T12:00:00Z"
      onChange={(e) => onChange(e.target.value)}
      aria-describedby={describedBy}
      aria-required={field.required}
      data-widget={field.kind}
    />
  );
}

export const fieldWidgets: Record<FieldKind, ComponentType<WidgetProps>> = {
  string: textInput('text'),
  name: textInput('text', { placeholder: 'letters, digits, - _ .' }),
  lowercase: textInput('text', { placeholder: 'stored in lower case' }),
  int: textInput('text', { inputMode: 'numeric' }),
  int64: textInput('text', { inputMode: 'numeric' }),
  float: textInput('text', { inputMode: 'decimal' }),
  bool: BoolWidget,
  duration: textInput('text', { placeholder: 'e.g. 30s, 15m, 1h, or seconds' }),
  time: TimeWidget,
  map: pairsWidget('key', 'value'),
  kvpairs: pairsWidget('key', 'value'),
  header: pairsWidget('Header-Name', 'value, value'),
  slice: listWidget('JSON array, e.g. [{"name": "a"}]'),
  'string-slice': listWidget('one per line, or comma-separated'),
  'comma-string-slice': listWidget('comma-separated, e.g. a, b, c'),
  'int-slice': listWidget('whole numbers, comma-separated'),
};

const MASKABLE: ReadonlySet<FieldKind> = new Set(['string', 'name', 'lowercase', 'int', 'int64', 'float', 'duration', 'time']);

/** The widget a field gets: its kind's, or a masked input when the plugin marks it sensitive. */
export function widgetFor(field: FieldModel): ComponentType<WidgetProps> {
  if (field.sensitive && MASKABLE.has(field.kind)) return SensitiveWidget;
  return fieldWidgets[field.kind];
}

/** A labelled form row: label (required marked), the widget, its help text and its error. */
export function FieldRow({ field, value, onChange, error, idPrefix }: { field: FieldModel; value: RawValue; onChange: (v: RawValue) => void; error?: string; idPrefix: string }) {
  const id = `${idPrefix}-${field.name}`;
  const helpId = field.description === '' ? undefined : `${id}-help`;
  const errorId = error === undefined ? undefined : `${id}-error`;
  const describedBy = [helpId, errorId].filter(Boolean).join(' ') || undefined;
  const Widget = widgetFor(field);
  const isGroup = field.kind === 'map' || field.kind === 'kvpairs' || field.kind === 'header';
  return (
    <div className={`field-row${error === undefined ? '' : ' has-error'}`} data-field={field.name} data-kind={field.kind}>
      <label htmlFor={isGroup ? undefined : id} id={`${id}-label`}>
        {field.label}
        {field.required && (
          <span className="required" aria-hidden="true" title="required">
            {' '}*
          </span>
        )}
        {field.required && <span className="sr-only"> (required)</span>}
        {field.label !== field.name && <code className="field-name">{field.name}</code>}
        {field.location === 'path' && (
          <span className="tag" title="Part of the request path">
            in path
          </span>
        )}
      </label>
      <div className="field-control">
        <Widget field={field} id={id} value={value} onChange={onChange} describedBy={describedBy} />
        {helpId !== undefined && (
          <p id={helpId} className="field-help">
            {field.description}
          </p>
        )}
        {errorId !== undefined && (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
