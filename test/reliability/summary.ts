/**
 * The reliability suite's last line: one JSON object folding every file's figures
 * (`test-results/reliability/*.json`, written by `recordFigures`). Counters are summed across
 * files; everything else keeps its file's name as a prefix (`soak.rss_slope_kib_per_1k`).
 *
 * From test/run.ts: `clearReliabilityFigures()` before the reliability files run, then
 * `printReliabilitySummary()` after them. By hand: `npx tsx test/reliability/summary.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { figuresDir, type Figures } from './figures';

/** Figures that add up across files; the issue asks for the first six on the last line. */
const SUMMED = [
  'plugin_kills',
  'lost_writes',
  'bad_inputs',
  'unclear_errors',
  'fuzz_cases',
  'crashes',
  'app_kills',
  'security_checks',
  'memory_ceiling_kills',
  'cpu_watchdog_kills',
  'orphan_children_left',
];
/** Figures lifted to the top level without a prefix (each is recorded by one file only). */
const PROMOTED = [
  'restart_median_ms',
  'restart_worst_ms',
  'rss_slope_kib_per_1k_requests',
  'fd_growth_per_1k_requests',
  'orphaned_plugins_after_app_kill',
  'ui_click_ms_during_flood',
];
const BOOKKEEPING = new Set(['mode', 'recordedAt']);

export function clearReliabilityFigures(): void {
  fs.rmSync(figuresDir, { recursive: true, force: true });
}

export function reliabilitySummary(): Record<string, unknown> {
  const summary: Record<string, unknown> = Object.fromEntries(SUMMED.map((key) => [key, 0]));
  const files = fs.existsSync(figuresDir) ? fs.readdirSync(figuresDir).filter((f) => f.endsWith('.json')).sort() : [];
  const modes = new Set<string>();
  for (const file of files) {
    const name = path.basename(file, '.json');
    const figures = JSON.parse(fs.readFileSync(path.join(figuresDir, file), 'utf8')) as Figures;
    if (typeof figures['mode'] === 'string') modes.add(figures['mode']);
    for (const [key, value] of Object.entries(figures)) {
      if (BOOKKEEPING.has(key)) continue;
      if (SUMMED.includes(key) && typeof value === 'number') summary[key] = (summary[key] as number) + value;
      else if (PROMOTED.includes(key)) summary[key] = value;
      else summary[`${name}.${key}`] = value;
    }
  }
  summary['mode'] = [...modes].join('+') || 'none';
  summary['files'] = files.length;
  return summary;
}

export function printReliabilitySummary(): void {
  console.log(JSON.stringify(reliabilitySummary()));
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) printReliabilitySummary();
