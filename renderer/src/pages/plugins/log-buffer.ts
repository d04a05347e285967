/**
 * The renderer's copy of the plugin log: at most `limit` rows in `seq` order, fed by two sources
 * that overlap, the pushed batches (live) and `plugins.logs` pages (what happened before the page
 * opened). Both merges are by `seq`, so a line seen twice is kept once. A batch that says lines
 * were dropped on the way gets a marker row in front of its lines.
 */
import type { PluginLogBatch, PluginLogView } from '../../../../electron/common/contract/plugins';

/** A log line, or (with `dropped`) the marker for lines this page never received. */
export type LogRow = PluginLogView & { dropped?: number };

export const LOG_BUFFER_LIMIT = 5_000;

export function droppedMarker(plugin: string, count: number, beforeSeq: number): LogRow {
  return {
    // Sorts just before the line that follows the gap.
    seq: beforeSeq - 0.5,
    time: new Date().toISOString(),
    level: 'warn',
    message: `${count} ${count === 1 ? 'line' : 'lines'} dropped: this page fell behind (the host keeps the recent history)`,
    fields: {},
    plugin,
    pid: 0,
    dropped: count,
  };
}

/**
 * Rows after a live batch arrived; the same array when nothing changes. Batches are per plugin and
 * seq numbers are host-wide, so one plugin's batch may hold lines older than another's already shown.
 */
export function appendBatch(rows: LogRow[], batch: PluginLogBatch, limit = LOG_BUFFER_LIMIT): LogRow[] {
  if (batch.lines.length === 0 && batch.dropped === 0) return rows;
  const last = rows.at(-1)?.seq ?? 0;
  const first = batch.lines[0]?.seq ?? Math.floor(last) + 1;
  const added: LogRow[] = batch.dropped > 0 ? [droppedMarker(batch.plugin, batch.dropped, first), ...batch.lines] : batch.lines;
  if ((added[0]?.seq ?? 0) > last) return bounded(rows.concat(added), limit);
  return mergeRows(rows, added, limit);
}

/** Rows with a history page merged in (older lines, or lines the live feed missed). */
export function mergeHistory(rows: LogRow[], history: PluginLogView[], limit = LOG_BUFFER_LIMIT): LogRow[] {
  return mergeRows(rows, history, limit);
}

function mergeRows(rows: LogRow[], more: LogRow[], limit: number): LogRow[] {
  const known = new Set(rows.map((row) => row.seq));
  const missing = more.filter((line) => !known.has(line.seq));
  if (missing.length === 0) return rows;
  return bounded([...rows, ...missing].sort((a, b) => a.seq - b.seq), limit);
}

function bounded(rows: LogRow[], limit: number): LogRow[] {
  return rows.length > limit ? rows.slice(rows.length - limit) : rows;
}
