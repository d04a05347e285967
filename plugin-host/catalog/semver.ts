/**
 * Plugin versions are semantic versions (semver.org 2.0.0), stored with a leading `v` as Vault
 * does (`1.2.3` and `v1.2.3` name the same version). The empty string means "unversioned".
 */

// The grammar from semver.org, with an optional leading `v`.
const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** `v`-prefixed canonical form, or undefined when the text is not a semantic version. */
export function canonicalVersion(text: string): string | undefined {
  if (!SEMVER.test(text)) return undefined;
  return text.startsWith('v') ? text : `v${text}`;
}

/**
 * The form versions are looked up by: `''` for unversioned, otherwise with a leading `v`. Unlike
 * `canonicalVersion` it does not validate (a lookup of a non-semver version simply finds nothing).
 */
export function versionKey(version: string | undefined): string {
  if (version === undefined || version === '') return '';
  return version.startsWith('v') ? version : `v${version}`;
}

/** Orders canonical versions by semver precedence (build metadata ignored). */
export function compareVersions(a: string, b: string): number {
  const left = SEMVER.exec(a);
  const right = SEMVER.exec(b);
  if (!left || !right) return a.localeCompare(b);
  for (let i = 1; i <= 3; i++) {
    const diff = Number(left[i]) - Number(right[i]);
    if (diff !== 0) return Math.sign(diff);
  }
  return comparePrerelease(left[4], right[4]);
}

function comparePrerelease(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1; // a release outranks its pre-releases
  if (b === undefined) return -1;
  const left = a.split('.');
  const right = b.split('.');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i];
    const y = right[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const xNumeric = /^\d+$/.test(x);
    const yNumeric = /^\d+$/.test(y);
    if (xNumeric && yNumeric) return Math.sign(Number(x) - Number(y));
    if (xNumeric !== yNumeric) return xNumeric ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}
