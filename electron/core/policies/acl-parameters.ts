/**
 * The parameter rules of one merged path rule, as Vault applies them to a read, create, update or
 * patch: every required parameter present; no denied value (`"*"` denies any data at all); with
 * allowed parameters, only those (`"*"` allows any other name) and only their listed values. An
 * empty list of values means any value; a string value may be globbed with a leading and/or
 * trailing `*`.
 */
import type { ParameterValues } from './policy-parse';

export interface ParameterRules {
  allowedParameters: ParameterValues | null;
  deniedParameters: ParameterValues | null;
  requiredParameters: readonly string[];
}

export function parametersAllowed(rules: ParameterRules, data: Readonly<Record<string, unknown>>): boolean {
  for (const required of rules.requiredParameters) {
    if (!Object.hasOwn(data, required.toLowerCase())) return false;
  }
  const names = Object.keys(data);
  if (names.length === 0) return true;
  const denied = rules.deniedParameters;
  if (denied !== null && Object.keys(denied).length > 0) {
    if (Object.hasOwn(denied, '*')) return false;
    for (const name of names) {
      const values = denied[name.toLowerCase()];
      if (values !== undefined && valueInList(data[name], values)) return false;
    }
  }
  const allowed = rules.allowedParameters;
  if (allowed === null) return true;
  const allowedNames = Object.keys(allowed);
  if (allowedNames.length === 0) return true;
  const anyName = Object.hasOwn(allowed, '*');
  if (anyName && allowedNames.length === 1) return true;
  for (const name of names) {
    const values = allowed[name.toLowerCase()];
    if (values === undefined) {
      if (!anyName) return false;
    } else if (!valueInList(data[name], values)) {
      return false;
    }
  }
  return true;
}

function valueInList(value: unknown, list: readonly unknown[]): boolean {
  if (list.length === 0) return true;
  return list.some((item) => {
    if (item === null || value === null || value === undefined) return item === value;
    if (typeof item === 'string' && typeof value === 'string') return globMatch(item, value);
    return sameValue(item, value);
  });
}

/** Vault's `GlobbedStringsMatch`: `*x*` contains, `*x` ends with, `x*` starts with, else equal. */
export function globMatch(pattern: string, value: string): boolean {
  if (pattern.length < 2) return pattern === value;
  const leading = pattern.startsWith('*');
  const trailing = pattern.endsWith('*');
  if (leading && trailing) return value.includes(pattern.slice(1, -1));
  if (leading) return value.endsWith(pattern.slice(1));
  if (trailing) return value.startsWith(pattern.slice(0, -1));
  return value === pattern;
}

function sameValue(a: unknown, b: unknown): boolean {
  return typeof a === typeof b && JSON.stringify(a) === JSON.stringify(b);
}
