/**
 * The differences between Strongroom and OpenBao that remain, read from the table in
 * `test/conformance/README.md` (so the table is the one list): a row names the engine, the step,
 * the exact fields that differ (in backticks) and why. A step whose differing fields are not
 * exactly a row's fails; so does a row whose difference has gone (the table must stay true).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface KnownDifference {
  engine: string;
  step: string;
  fields: string[];
  why: string;
}

const readme = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'README.md');

/** Rows of the README's table under `## Differences`. */
export function knownDifferences(): KnownDifference[] {
  return parseKnownDifferences(fs.readFileSync(readme, 'utf8'), readme);
}

/** Rows of the table under `## Differences` in `text` (from `source`): `| engine | step | fields | why |`. */
export function parseKnownDifferences(text: string, source: string): KnownDifference[] {
  const section = text.split(/^## /m).find((part) => part.startsWith('Differences'));
  if (section === undefined) throw new Error(`${source} has no "## Differences" section`);
  const rows = section.split('\n').filter((line) => line.startsWith('|')).slice(2);
  return rows.map((line) => {
    const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
    if (cells.length !== 4) throw new Error(`${source}: a differences row needs 4 cells: ${line}`);
    const [engine = '', step = '', fields = '', why = ''] = cells;
    return { engine, step, fields: [...fields.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '').sort(), why };
  });
}
