/**
 * Each reliability test file records its figures in `test-results/reliability/<file>.json`
 * (node:test runs files in separate processes); `summary.ts` folds them into the suite's one JSON line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { reliabilityMode } from './run-mode';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const figuresDir = path.join(repoRoot, 'test-results', 'reliability');

export type Figures = Record<string, number | string | boolean | null>;

/** Files this process has written: the first write replaces what an earlier run left. */
const written = new Set<string>();

/** Merges `figures` into this file's record (later calls overwrite the same keys). */
export function recordFigures(testFileUrl: string, figures: Figures): void {
  const name = path.basename(fileURLToPath(testFileUrl)).replace(/\.reliability\.test\.ts$/, '');
  fs.mkdirSync(figuresDir, { recursive: true });
  const file = path.join(figuresDir, `${name}.json`);
  const previous = written.has(file) && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Figures) : {};
  written.add(file);
  const merged: Figures = { ...previous, ...figures, mode: reliabilityMode, recordedAt: new Date().toISOString() };
  fs.writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
}

/** A counter that tests bump as they go and record once at the end. */
export class Tally {
  private readonly counts = new Map<string, number>();

  add(name: string, by = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + by);
  }

  get(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  toFigures(): Figures {
    return Object.fromEntries(this.counts);
  }
}
