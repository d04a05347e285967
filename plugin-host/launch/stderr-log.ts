/**
 * Turns a plugin's stderr byte stream into tagged, structured log lines.
 *
 * Memory stays bounded whatever the plugin writes: at most one partial line (≤ maxLineChars) is
 * held; longer lines are cut into fragments logged unparsed at debug (go-plugin does the same);
 * log events go through a token bucket, and lines over the budget are counted instead of queued,
 * then reported in one "N lines dropped" warning per `dropSummaryDelayMs` (and at the end). The stream itself is always drained, so a
 * flooding plugin never blocks on a full pipe.
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { LogLineParser } from './log-line';
import type { PluginLogLine } from './log-line';

export interface StderrLogLimits {
  maxLineChars: number;
  recentLines: number;
  /** Sustained and burst budget of emitted log events. */
  linesPerSecond: number;
  burstLines: number;
  /** Sustained and burst budget of emitted message characters. */
  charsPerSecond: number;
  burstChars: number;
  /** How soon a pending "lines dropped" summary is emitted once dropping started. */
  dropSummaryDelayMs: number;
}

export const DEFAULT_STDERR_LIMITS: StderrLogLimits = {
  maxLineChars: 64 * 1024,
  recentLines: 20,
  linesPerSecond: 500,
  burstLines: 1_000,
  charsPerSecond: 512 * 1024,
  burstChars: 1024 * 1024,
  dropSummaryDelayMs: 1_000,
};

const RECENT_LINE_CHARS = 500;

export interface StderrLogOptions {
  plugin: string;
  mount?: string;
  pid: number;
  onLog: (line: PluginLogLine) => void;
  limits?: Partial<StderrLogLimits>;
}

export class StderrLogReader {
  private readonly limits: StderrLogLimits;
  private readonly parser = new LogLineParser();
  private readonly decoder = new StringDecoder('utf8');
  private readonly recent: string[] = [];
  private pending = '';
  /** The current line was already cut: its remainder is a fragment too. */
  private continuing = false;
  private lineTokens: number;
  private charTokens: number;
  private refilledAt = performance.now();
  private dropped = 0;
  private droppedTotal = 0;
  private summaryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: StderrLogOptions) {
    this.limits = { ...DEFAULT_STDERR_LIMITS, ...options.limits };
    this.lineTokens = this.limits.burstLines;
    this.charTokens = this.limits.burstChars;
  }

  /** Reads the stream to its end. */
  attach(stream: Readable): void {
    stream.on('data', (chunk: Buffer) => this.push(chunk));
    stream.on('end', () => this.end());
    stream.on('error', () => this.end());
  }

  push(chunk: Buffer): void {
    let text = this.pending + this.decoder.write(chunk);
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      this.completeLine(text.slice(0, newline));
      text = text.slice(newline + 1);
      newline = text.indexOf('\n');
    }
    while (text.length > this.limits.maxLineChars) {
      this.handleLine(text.slice(0, this.limits.maxLineChars), true);
      this.continuing = true;
      text = text.slice(this.limits.maxLineChars);
    }
    this.pending = text;
  }

  /** Flushes the last unterminated line and any pending "dropped" summary. */
  end(): void {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    if (rest.length > 0) this.completeLine(rest);
    this.flushDropSummary();
  }

  /** The last lines as written (each cut to a few hundred characters), oldest first. */
  recentLines(): string[] {
    return [...this.recent];
  }

  /** Lines dropped by the rate limit since the start (they still reach `recentLines`). */
  get droppedLines(): number {
    return this.droppedTotal;
  }

  private completeLine(line: string): void {
    this.handleLine(line.endsWith('\r') ? line.slice(0, -1) : line, this.continuing);
    this.continuing = false;
  }

  private handleLine(text: string, fragment: boolean): void {
    if (text.length === 0) return;
    this.remember(text);
    if (!this.takeTokens(text.length)) {
      this.dropped += 1;
      this.droppedTotal += 1;
      this.summaryTimer ??= setTimeout(() => this.flushDropSummary(), this.limits.dropSummaryDelayMs).unref();
      return;
    }
    if (fragment) {
      this.emit({ time: new Date().toISOString(), level: 'debug', message: text, fields: { fragment: true } });
    } else {
      this.emit(this.parser.parse(text));
    }
  }

  private remember(text: string): void {
    this.recent.push(text.length > RECENT_LINE_CHARS ? `${text.slice(0, RECENT_LINE_CHARS)}…` : text);
    if (this.recent.length > this.limits.recentLines) this.recent.shift();
  }

  private takeTokens(chars: number): boolean {
    const now = performance.now();
    const seconds = (now - this.refilledAt) / 1000;
    this.refilledAt = now;
    this.lineTokens = Math.min(this.limits.burstLines, this.lineTokens + seconds * this.limits.linesPerSecond);
    this.charTokens = Math.min(this.limits.burstChars, this.charTokens + seconds * this.limits.charsPerSecond);
    if (this.lineTokens < 1 || this.charTokens < chars) return false;
    this.lineTokens -= 1;
    this.charTokens -= chars;
    return true;
  }

  private flushDropSummary(): void {
    if (this.summaryTimer) clearTimeout(this.summaryTimer);
    this.summaryTimer = undefined;
    if (this.dropped === 0) return;
    const count = this.dropped;
    this.dropped = 0;
    this.emit({
      time: new Date().toISOString(),
      level: 'warn',
      message: `${count} stderr ${count === 1 ? 'line' : 'lines'} dropped: the plugin logs faster than ${this.limits.linesPerSecond} lines/s`,
      fields: { dropped: count },
    });
  }

  private emit(parsed: Pick<PluginLogLine, 'time' | 'level' | 'message' | 'fields'>): void {
    const line: PluginLogLine = { ...parsed, plugin: this.options.plugin, pid: this.options.pid };
    if (this.options.mount !== undefined) line.mount = this.options.mount;
    try {
      this.options.onLog(line);
    } catch (error) {
      // A failing log consumer must not take the host down from inside a stream callback.
      process.emitWarning(`plugin log consumer threw: ${(error as Error).message}`);
    }
  }
}
