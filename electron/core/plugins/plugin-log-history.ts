/**
 * The recent log lines of every plugin, kept in main's memory so a reloaded page (or a second
 * client) can show what happened before it connected: `plugins.logs`. Bounded per plugin by a
 * line count and a character budget (lines may be up to 64 KiB each), oldest evicted first; a
 * flooding plugin therefore only pushes out its own history, never another plugin's.
 */
import type { PluginLogLine } from '../../../plugin-host';
import type { PluginLogPage, PluginLogView } from '../../common/contract/plugins';

export interface LogHistoryLimits {
  linesPerPlugin: number;
  charsPerPlugin: number;
}

export const DEFAULT_LOG_HISTORY_LIMITS: LogHistoryLimits = { linesPerPlugin: 5_000, charsPerPlugin: 4 * 1024 * 1024 };

export interface LogHistoryQuery {
  plugin?: string;
  mount?: string;
  level?: PluginLogView['level'];
  before?: number;
  limit: number;
}

const LEVEL_RANK: Record<PluginLogView['level'], number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

/** One plugin's lines, oldest first, as a ring that evicts from the front. */
class PluginLines {
  readonly lines: PluginLogView[] = [];
  private start = 0;
  chars = 0;
  evicted = 0;

  push(line: PluginLogView, limits: LogHistoryLimits): void {
    this.lines.push(line);
    this.chars += lineChars(line);
    while (this.size > limits.linesPerPlugin || (this.chars > limits.charsPerPlugin && this.size > 1)) {
      const oldest = this.lines[this.start];
      this.start += 1;
      this.evicted += 1;
      if (oldest !== undefined) this.chars -= lineChars(oldest);
    }
    // Compact now and then instead of shifting on every eviction.
    if (this.start > 1024 && this.start > this.lines.length / 2) {
      this.lines.splice(0, this.start);
      this.start = 0;
    }
  }

  get size(): number {
    return this.lines.length - this.start;
  }

  /** Newest first, from just before `before`. */
  *newestFirst(before: number): Generator<PluginLogView> {
    for (let i = this.lines.length - 1; i >= this.start; i -= 1) {
      const line = this.lines[i];
      if (line !== undefined && line.seq < before) yield line;
    }
  }
}

/**
 * Process-wide, not per history: a history lives for one unsealed period, and a page that stayed
 * open across seal and unseal must not see the new lines numbered like the ones it already holds.
 */
let nextSeq = 1;

export class PluginLogHistory {
  private readonly plugins = new Map<string, PluginLines>();
  private readonly limits: LogHistoryLimits;

  constructor(limits: Partial<LogHistoryLimits> = {}) {
    this.limits = { ...DEFAULT_LOG_HISTORY_LIMITS, ...limits };
  }

  /** Stamps the line with the next sequence number and keeps it. */
  add(line: PluginLogLine): PluginLogView {
    const view: PluginLogView = { ...line, seq: nextSeq };
    nextSeq += 1;
    let lines = this.plugins.get(line.plugin);
    if (lines === undefined) {
      lines = new PluginLines();
      this.plugins.set(line.plugin, lines);
    }
    lines.push(view, this.limits);
    return view;
  }

  query(query: LogHistoryQuery): PluginLogPage {
    const sources = query.plugin === undefined ? [...this.plugins.values()] : [this.plugins.get(query.plugin)].filter((p) => p !== undefined);
    const minRank = LEVEL_RANK[query.level ?? 'trace'];
    const matches = (line: PluginLogView) =>
      LEVEL_RANK[line.level] >= minRank && (query.mount === undefined || servesMount(line.mount, query.mount));
    // Merge the plugins' newest-first streams by seq, taking one more than asked to know if there is more.
    const streams = sources.map((source) => source.newestFirst(query.before ?? Number.MAX_SAFE_INTEGER));
    const heads = streams.map((stream) => nextMatch(stream, matches));
    const picked: PluginLogView[] = [];
    while (picked.length <= query.limit) {
      let best = -1;
      for (const [i, head] of heads.entries()) if (head !== undefined && (best === -1 || head.seq > (heads[best]?.seq ?? 0))) best = i;
      const head = heads[best];
      const stream = streams[best];
      if (head === undefined || stream === undefined) break;
      picked.push(head);
      heads[best] = nextMatch(stream, matches);
    }
    const more = picked.length > query.limit;
    const page = picked.slice(0, query.limit).reverse();
    return {
      lines: page,
      nextBefore: more && page[0] !== undefined ? page[0].seq : null,
      evicted: sources.reduce((sum, source) => sum + source.evicted, 0),
    };
  }
}

function nextMatch(stream: Generator<PluginLogView>, matches: (line: PluginLogView) => boolean): PluginLogView | undefined {
  for (let next = stream.next(); next.done !== true; next = stream.next()) if (matches(next.value)) return next.value;
  return undefined;
}

/** A shared (multiplexed) process tags its lines with every mount it serves, comma-separated. */
function servesMount(label: string | undefined, mount: string): boolean {
  if (label === undefined) return false;
  const wanted = mount.replace(/\/+$/, '');
  return label.split(',').some((part) => part.replace(/\/+$/, '') === wanted);
}

/** What a line costs to keep, roughly: its text plus a fixed overhead for the record. */
function lineChars(line: PluginLogView): number {
  const fields = Object.keys(line.fields).length === 0 ? 0 : JSON.stringify(line.fields).length;
  return line.message.length + fields + 64;
}
