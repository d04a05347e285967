/**
 * A request's field values, validated and coerced against the path's schema before the handler
 * runs (Vault's `FieldData`). Path captures win over body data with the same name.
 */
import { FIELD_TYPES, FieldTypeError } from './field-types';
import type { Fields } from './types';

export class FieldValidationError extends Error {
  constructor(message: string) {
    super(`Field validation failed: ${message}`);
  }
}

export class FieldData {
  private constructor(
    readonly schema: Fields,
    /** Input after merging captures, before coercion. */
    readonly raw: Readonly<Record<string, unknown>>,
    private readonly values: ReadonlyMap<string, unknown>,
  ) {}

  /**
   * Coerces every known field present in `raw`; throws `FieldValidationError` on the first that
   * does not convert, or when a `required` field is missing and `enforceRequired` is set.
   */
  static validate(schema: Fields, raw: Record<string, unknown>, enforceRequired: boolean): FieldData {
    const values = new Map<string, unknown>();
    for (const [name, value] of Object.entries(raw)) {
      const field = schema[name];
      if (field === undefined || value === undefined) continue;
      try {
        values.set(name, FIELD_TYPES[field.type].coerce(value));
      } catch (error) {
        if (!(error instanceof FieldTypeError)) throw error;
        throw new FieldValidationError(`error converting input for field "${name}": ${error.message}`);
      }
      if (field.allowedValues !== undefined && !field.allowedValues.includes(values.get(name))) {
        throw new FieldValidationError(`field "${name}" must be one of ${JSON.stringify(field.allowedValues)}`);
      }
    }
    if (enforceRequired) {
      const missing = Object.entries(schema)
        .filter(([name, field]) => field.required === true && !values.has(name))
        .map(([name]) => name)
        .sort();
      if (missing.length > 0) throw new FieldValidationError(`missing required field(s): ${missing.join(', ')}`);
    }
    return new FieldData(schema, raw, values);
  }

  /** The coerced value; else the declared default (coerced); else the type's zero value. */
  get<T = unknown>(name: string): T {
    const field = this.schema[name];
    if (field === undefined) throw new Error(`field "${name}" is not declared on this path`);
    if (this.values.has(name)) return this.values.get(name) as T;
    if (field.default !== undefined) return FIELD_TYPES[field.type].coerce(field.default) as T;
    return FIELD_TYPES[field.type].zero() as T;
  }

  /** Whether the request carried the field (Go's `GetOk`). */
  has(name: string): boolean {
    return this.values.has(name);
  }

  /** The coerced value if the request carried it. */
  getOk<T = unknown>(name: string): T | undefined {
    return this.values.has(name) ? (this.values.get(name) as T) : undefined;
  }
}
