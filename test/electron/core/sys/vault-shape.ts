/**
 * The shape of a JSON value (keys, value types, nesting; not the values), and the differences
 * between two shapes, for comparing Strongroom's `sys/` answers with OpenBao's. An array's item
 * shape has the keys of all its items; an empty array matches an array of anything (a list with
 * nothing in it says nothing about its items).
 */
export type Shape = string | Shape[] | { [key: string]: Shape };

export function shapeOf(value: unknown): Shape {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? [] : [value.map(shapeOf).reduce(union)];
  if (typeof value === 'object') {
    const out: Record<string, Shape> = {};
    for (const key of Object.keys(value as object).sort()) out[key] = shapeOf((value as Record<string, unknown>)[key]);
    return out;
  }
  return typeof value;
}

/** Items of one array: the keys of every object item (the first item's type where they disagree). */
function union(a: Shape, b: Shape): Shape {
  if (typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) || Array.isArray(b)) return a;
  const out: Record<string, Shape> = { ...b, ...a };
  for (const key of Object.keys(a)) if (key in b) out[key] = union(a[key] as Shape, b[key] as Shape);
  return Object.fromEntries(Object.keys(out).sort().map((key) => [key, out[key] as Shape]));
}

/** Known differences, as dotted paths from the compared value (`config.force_no_cache`). */
export interface AllowedDifferences {
  /** Keys OpenBao answers that Strongroom does not. */
  missing?: readonly string[];
  /** Keys Strongroom answers that OpenBao does not. */
  extra?: readonly string[];
}

/** Every difference between OpenBao's shape and Strongroom's, less the allowed ones. */
export function shapeDifferences(openbao: unknown, strongroom: unknown, allowed: AllowedDifferences = {}, at = ''): string[] {
  const expected = shapeOf(openbao);
  const actual = shapeOf(strongroom);
  return compare(expected, actual, allowed, at);
}

function compare(expected: Shape, actual: Shape, allowed: AllowedDifferences, at: string): string[] {
  const where = at === '' ? '(top)' : at;
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual)) return [`${where}: OpenBao has ${describe(expected)}, Strongroom ${describe(actual)}`];
    if (expected.length === 0 || actual.length === 0) return [];
    return compare(expected[0] as Shape, actual[0] as Shape, allowed, `${at}[]`);
  }
  if (typeof expected === 'object' && typeof actual === 'object') {
    const out: string[] = [];
    const child = (key: string) => (at === '' ? key : `${at}.${key}`);
    for (const key of Object.keys(expected)) {
      if (!(key in actual)) {
        if (!allowed.missing?.includes(child(key))) out.push(`${child(key)}: OpenBao answers it, Strongroom does not`);
        continue;
      }
      out.push(...compare(expected[key] as Shape, actual[key] as Shape, allowed, child(key)));
    }
    for (const key of Object.keys(actual)) {
      if (!(key in expected) && !allowed.extra?.includes(child(key))) out.push(`${child(key)}: Strongroom answers it, OpenBao does not`);
    }
    return out;
  }
  return expected === actual ? [] : [`${where}: OpenBao has ${describe(expected)}, Strongroom ${describe(actual)}`];
}

function describe(shape: Shape): string {
  if (Array.isArray(shape)) return 'an array';
  if (typeof shape === 'object') return 'an object';
  return `a ${shape}`;
}
