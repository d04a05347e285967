/**
 * A readable diff of two JSON values: the fields added, removed and changed, each with its path
 * (`data.items[2].name`). Objects are compared key by key and arrays index by index, so a change
 * deep inside shows as that one field rather than as its whole parent.
 */
export type JsonChange =
  | { kind: 'added'; path: string; after: unknown }
  | { kind: 'removed'; path: string; before: unknown }
  | { kind: 'changed'; path: string; before: unknown; after: unknown };

export function jsonDiff(before: unknown, after: unknown): JsonChange[] {
  const changes: JsonChange[] = [];
  walk(before, after, '', changes);
  return changes;
}

function walk(before: unknown, after: unknown, path: string, out: JsonChange[]): void {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys) {
      const child = path === '' ? key : `${path}.${key}`;
      if (!(key in after)) out.push({ kind: 'removed', path: child, before: before[key] });
      else if (!(key in before)) out.push({ kind: 'added', path: child, after: after[key] });
      else walk(before[key], after[key], child, out);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    for (let i = 0; i < length; i++) {
      const child = `${path}[${i}]`;
      if (i >= after.length) out.push({ kind: 'removed', path: child, before: before[i] });
      else if (i >= before.length) out.push({ kind: 'added', path: child, after: after[i] });
      else walk(before[i], after[i], child, out);
    }
    return;
  }
  if (!sameJson(before, after)) out.push({ kind: 'changed', path: path === '' ? '(whole value)' : path, before, after });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** Parses a stored value's text as JSON for a diff; undefined when it is not JSON. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
