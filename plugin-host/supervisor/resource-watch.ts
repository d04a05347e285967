/**
 * Watches one running plugin process: samples its memory and CPU (`proc-usage.ts`) every
 * `intervalMs`, keeps the latest figures and the peak for `plugins.status`, and calls
 * `onOverLimit` once when RSS crosses the ceiling. `busyOver` answers the CPU watchdog's question
 * after a missed deadline: is the process still burning a core?
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { readProcUsage, runnableThreads } from './proc-usage';

export interface ResourceUsage {
  rssBytes: number;
  peakRssBytes: number;
  /** Share of one core over the last sampling interval, 0–100 per core (200 = two cores busy). */
  cpuPercent: number;
  cpuSeconds: number;
  /** Processes counted (the plugin and what it started). */
  processes: number;
}

export interface ResourceWatchOptions {
  pid: number;
  intervalMs: number;
  /** Read at every sample, so a tuned ceiling applies at once. */
  memoryLimitBytes: () => number;
  onOverLimit: (peakRssBytes: number, limitBytes: number) => void;
}

export class ResourceWatch {
  private timer: NodeJS.Timeout | undefined;
  private sampling = false;
  private last: { cpuSeconds: number; at: number } | undefined;
  private usage: ResourceUsage | undefined;
  private tripped = false;
  /** A `busyOver` measurement is running: the CPU watchdog measures one at a time. */
  private measuring = false;

  constructor(private readonly options: ResourceWatchOptions) {}

  start(): void {
    void this.sample();
    this.timer = setInterval(() => void this.sample(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  get latest(): ResourceUsage | undefined {
    return this.usage === undefined ? undefined : { ...this.usage };
  }

  /**
   * How busy the process stays over the next `windowMs`: cores used (1 = one core flat out) and
   * the share of 100 ms probes that found one of its threads runnable. Undefined if it is gone,
   * or at once while another measurement is running (its answer decides).
   */
  async busyOver(windowMs: number): Promise<{ cores: number; runnableShare: number } | undefined> {
    if (this.measuring) return undefined;
    this.measuring = true;
    try {
      return await this.measureBusy(windowMs);
    } finally {
      this.measuring = false;
    }
  }

  private async measureBusy(windowMs: number): Promise<{ cores: number; runnableShare: number } | undefined> {
    const { pid } = this.options;
    const before = await readProcUsage(pid);
    const start = Date.now();
    let probes = 0;
    let runnable = 0;
    while (Date.now() - start < windowMs) {
      await sleep(Math.min(100, windowMs));
      const threads = await runnableThreads(pid);
      if (threads === undefined) return undefined;
      probes += 1;
      if (threads > 0) runnable += 1;
    }
    const after = await readProcUsage(pid);
    if (before === undefined || after === undefined) return undefined;
    return { cores: (after.cpuSeconds - before.cpuSeconds) / ((Date.now() - start) / 1000), runnableShare: probes === 0 ? 0 : runnable / probes };
  }

  private async sample(): Promise<void> {
    if (this.sampling || this.timer === undefined) return;
    this.sampling = true;
    try {
      const now = await readProcUsage(this.options.pid);
      if (now === undefined || this.timer === undefined) return;
      const at = Date.now();
      const cpuPercent = this.last === undefined || at === this.last.at ? 0 : ((now.cpuSeconds - this.last.cpuSeconds) / ((at - this.last.at) / 1000)) * 100;
      this.last = { cpuSeconds: now.cpuSeconds, at };
      const peakRssBytes = Math.max(this.usage?.peakRssBytes ?? 0, now.rssBytes);
      this.usage = { rssBytes: now.rssBytes, peakRssBytes, cpuPercent: Math.max(0, Math.round(cpuPercent)), cpuSeconds: now.cpuSeconds, processes: now.processes };
      const limit = this.options.memoryLimitBytes();
      if (!this.tripped && now.rssBytes > limit) {
        this.tripped = true;
        this.options.onOverLimit(peakRssBytes, limit);
      }
    } finally {
      this.sampling = false;
    }
  }
}
