/**
 * Restart backoff for a crashing plugin: capped exponential (250 ms, 500 ms, 1 s … 30 s) over
 * consecutive failures only. A success in between — a request the plugin answered — or a process
 * that stayed healthy for a minute earns a clean slate, so a plugin that crashes on one bad request
 * but serves the others restarts immediately every time.
 */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** Uptime after which the failure count is reset. */
  healthyResetMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 30_000, healthyResetMs: 60_000 };

export class RestartBackoff {
  private failures = 0;

  constructor(private readonly policy: BackoffPolicy = DEFAULT_BACKOFF) {}

  /** Records an unplanned exit or a failed start; `uptimeMs` is how long the process had been ready (0 if never). */
  recordFailure(uptimeMs: number): void {
    if (uptimeMs >= this.policy.healthyResetMs) this.failures = 0;
    this.failures += 1;
  }

  /**
   * A request the plugin answered: the failures before it are no longer consecutive. A start that
   * merely reached `ready` is not a success (a plugin that dies right after its mount would then
   * restart in a tight loop).
   */
  recordSuccess(): void {
    this.failures = 0;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** How long to wait after the latest failure before starting again. */
  delayMs(): number {
    if (this.failures === 0) return 0;
    const exponent = Math.min(this.failures - 1, 30);
    return Math.min(this.policy.initialMs * 2 ** exponent, this.policy.maxMs);
  }

  reset(): void {
    this.failures = 0;
  }
}

/**
 * The wait between a failure and the next allowed start: one timer, the time it ends (for
 * `plugin_backing_off`'s `retryAt`) and a promise that requests waiting it out can await.
 */
export class BackoffWait {
  private timer: NodeJS.Timeout | undefined;
  private over: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;
  /** When the current wait ends by itself; undefined when none is running. */
  retryAt: number | undefined;

  /** Waits `delayMs`; `onOver` runs when the wait ends by itself (not when cancelled). */
  begin(delayMs: number, onOver: () => void): void {
    this.retryAt = Date.now() + delayMs;
    this.over = new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.retryAt = undefined;
        onOver();
        resolve();
      }, delayMs);
    });
  }

  /** Resolves when the wait ends, by itself or cancelled. */
  get ended(): Promise<void> {
    return this.over;
  }

  /** Ends the wait early: whoever awaits `ended` wakes and re-checks the slot's state. */
  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.retryAt = undefined;
    this.wake?.();
  }
}
