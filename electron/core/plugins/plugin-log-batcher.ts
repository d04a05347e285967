/**
 * Log lines leave main in batches: at most one `plugins.log` push per plugin every `intervalMs`,
 * carrying every line since the last one. A push per line (hundreds a second from a noisy plugin)
 * costs each client a message and a re-render apiece, which is what froze the Plugins page.
 * A batch holds at most `maxLines`; lines past that are counted in its `dropped` (the history
 * still has them).
 */
import type { PluginLogBatch, PluginLogView } from '../../common/contract/plugins';

export interface LogBatcherOptions {
  intervalMs: number;
  maxLines: number;
}

export const DEFAULT_LOG_BATCHING: LogBatcherOptions = { intervalMs: 75, maxLines: 2_000 };

interface Pending {
  lines: PluginLogView[];
  dropped: number;
  timer: NodeJS.Timeout;
}

export class PluginLogBatcher {
  private readonly pending = new Map<string, Pending>();
  private readonly options: LogBatcherOptions;

  constructor(
    private readonly send: (batch: PluginLogBatch) => void,
    options: Partial<LogBatcherOptions> = {},
  ) {
    this.options = { ...DEFAULT_LOG_BATCHING, ...options };
  }

  add(line: PluginLogView): void {
    let batch = this.pending.get(line.plugin);
    if (batch === undefined) {
      batch = { lines: [], dropped: 0, timer: setTimeout(() => this.flush(line.plugin), this.options.intervalMs) };
      batch.timer.unref();
      this.pending.set(line.plugin, batch);
    }
    if (batch.lines.length < this.options.maxLines) batch.lines.push(line);
    else batch.dropped += 1;
  }

  /** Sends what is pending now (all plugins by default), e.g. before stopping. */
  flush(plugin?: string): void {
    const names = plugin === undefined ? [...this.pending.keys()] : [plugin];
    for (const name of names) {
      const batch = this.pending.get(name);
      if (batch === undefined) continue;
      clearTimeout(batch.timer);
      this.pending.delete(name);
      this.send({ plugin: name, lines: batch.lines, dropped: batch.dropped });
    }
  }
}
