/**
 * The differences between Strongroom and OpenBao that remain, read from the table under
 * `## Differences from OpenBao` in `electron/vault-api/README.md` (the one list): a row names the
 * client, the step, the exact fields that differ (each in backticks) and why. A step whose
 * differing fields are not exactly its row's fails, and so does a row whose difference has gone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface KnownDifference {
  client: string;
  step: string;
  fields: string[];
  why: string;
}

export const DIFFERENCES_README = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'electron', 'vault-api', 'README.md');
const SECTION = 'Differences from OpenBao';

export function knownDifferences(): KnownDifference[] {
  return parseKnownDifferences(fs.readFileSync(DIFFERENCES_README, 'utf8'), DIFFERENCES_README);
}

/** Rows of the first table under `## Differences from OpenBao`: `| client | step | fields | why |`. */
export function parseKnownDifferences(text: string, source: string): KnownDifference[] {
  const section = text.split(/^## /m).find((part) => part.startsWith(SECTION));
  if (section === undefined) throw new Error(`${source} has no "## ${SECTION}" section`);
  const lines = section.split('\n');
  const start = lines.findIndex((line) => line.startsWith('|'));
  if (start < 0) return [];
  const table: string[] = [];
  for (const line of lines.slice(start)) {
    if (!line.startsWith('|')) break;
    table.push(line);
  }
  return table.slice(2).map((line) => {
    const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
    if (cells.length !== 4) throw new Error(`${source}: a differences row needs 4 cells (client, step, fields, why): ${line}`);
    const [client = '', step = '', fields = '', why = ''] = cells;
    const names = [...fields.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '').sort();
    if (names.length === 0) throw new Error(`${source}: a differences row names no field in backticks: ${line}`);
    return { client, step, fields: names, why };
  });
}
