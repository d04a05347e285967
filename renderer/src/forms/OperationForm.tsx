/**
 * The form for one operation of one path, generated from the field models: required fields
 * first, optional groups folded under their group name. Submits parsed values, or shows why not.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { FieldRow } from './field-widgets';
import { initialValues, parseForm, type ParsedForm, type RawValues } from './form-values';
import type { FieldModel, OperationModel } from './openapi-form-model';

export function OperationForm({
  operation,
  presetPathParams,
  submitLabel,
  busy,
  onSubmit,
  children,
}: {
  operation: OperationModel;
  presetPathParams: Record<string, string>;
  submitLabel: string;
  busy: boolean;
  onSubmit: (parsed: ParsedForm) => void;
  children?: ReactNode;
}) {
  const [raw, setRaw] = useState<RawValues>(() => ({ ...initialValues(operation.fields), ...presetPathParams }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseForm(operation.fields, raw);
    setErrors(parsed.errors);
    if (Object.keys(parsed.errors).length === 0) onSubmit(parsed);
  };
  const row = (field: FieldModel) => (
    <FieldRow key={field.name} field={field} idPrefix={`op-${operation.operation}`} value={raw[field.name] ?? ''} error={errors[field.name]} onChange={(value) => setRaw((old) => ({ ...old, [field.name]: value }))} />
  );
  const main = operation.fields.filter((f) => f.required || f.group === undefined);
  const groups = [...new Set(operation.fields.filter((f) => !f.required && f.group !== undefined).map((f) => f.group as string))];
  return (
    <form className="operation-form" onSubmit={submit} noValidate data-testid="operation-form" data-operation={operation.operation}>
      {operation.fields.length === 0 && <p className="muted">This operation takes no input.</p>}
      {main.map(row)}
      {groups.map((group) => (
        <details key={group} className="field-group">
          <summary>{group}</summary>
          {operation.fields.filter((f) => !f.required && f.group === group).map(row)}
        </details>
      ))}
      {Object.keys(errors).length > 0 && (
        <p className="field-error" role="alert">
          Fix the marked fields first.
        </p>
      )}
      <div className="actions">
        <button type="submit" className={operation.operation === 'delete' ? 'button-danger' : 'button-primary'} disabled={busy}>
          {busy ? 'Sending…' : submitLabel}
        </button>
        {children}
      </div>
    </form>
  );
}
