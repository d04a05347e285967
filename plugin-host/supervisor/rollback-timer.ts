/**
 * Vault's rollback manager: every interval (Vault: one minute) each mount whose plugin is running
 * gets a `rollback` request with an empty path. Plugins built on Vault's framework run their
 * PeriodicFunc and WAL rollbacks on it (credential rotation, cleanup of half-done work). A mount
 * whose plugin is not running is left alone rather than started for it; the rollback waits for its
 * next start. One pass at a time, and never overlapping with itself.
 */
import type { PluginLogLine } from '../launch/log-line';

/** Answers that mean "nothing to roll back here", which Vault ignores too. */
const IGNORED_CODES = new Set(['unsupported_operation', 'unsupported_path']);

export interface RollbackTarget {
  mountId: string;
  mountPath: string;
  pluginName: string;
  pid: number | undefined;
}

export class RollbackTimer {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly serving: () => RollbackTarget[],
    private readonly send: (mountId: string) => Promise<unknown>,
    private readonly onLog: (line: PluginLogLine) => void,
  ) {}

  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer !== undefined) return;
    this.timer = setInterval(() => void this.runOnce(), intervalMs);
    this.timer.unref();
  }

  /**
   * No more passes. One in flight is not waited for: a plugin stuck in its rollback must not hold
   * up shutdown, and its request fails as the processes stop (not reported: nothing is wrong).
   */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One pass over the running mounts now (the timer's tick; tests call it directly). */
  runOnce(): Promise<void> {
    this.pass ??= this.rollbackAll().finally(() => (this.pass = undefined));
    return this.pass;
  }

  private async rollbackAll(): Promise<void> {
    await Promise.all(
      this.serving().map((target) =>
        this.send(target.mountId).catch((error: unknown) => {
          const code = (error as { code?: unknown }).code;
          if (this.stopped || (typeof code === 'string' && IGNORED_CODES.has(code))) return;
          this.onLog({
            time: new Date().toISOString(),
            level: 'error',
            message: `Rollback of mount ${target.mountPath} failed: ${error instanceof Error ? error.message : String(error)}`,
            fields: { mount: target.mountPath, ...(typeof code === 'string' ? { code } : {}) },
            plugin: target.pluginName,
            mount: target.mountPath,
            pid: target.pid ?? 0,
          });
        }),
      ),
    );
  }
}
