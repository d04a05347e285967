/**
 * When a process slot may start its plugin again, and why it last failed: the slot's restart
 * backoff (`RestartBackoff`), the wait it imposes (`BackoffWait`) and the last failure, which
 * `plugin_backing_off` and `status().lastError` quote. The slot's state machine decides when to
 * ask; this owns the numbers.
 */
import type { HostError } from '../errors';
import { BackoffWait, RestartBackoff, type BackoffPolicy } from './backoff';
import { pluginBackingOffError } from './process-errors';

export class RestartGate {
  private readonly backoff: RestartBackoff;
  /** Ended early on stop and reload, so requests waiting it out wake and see the new state. */
  private readonly wait = new BackoffWait();
  private lastFailure: HostError | undefined;

  constructor(policy: BackoffPolicy) {
    this.backoff = new RestartBackoff(policy);
  }

  get lastError(): HostError | undefined {
    return this.lastFailure;
  }

  /** When the current pause ends by itself; undefined when none is running. */
  get retryAt(): number | undefined {
    return this.wait.retryAt;
  }

  /** A failed start (`uptimeMs` 0) or an unplanned exit after `uptimeMs` of being ready. */
  recordFailure(error: HostError, uptimeMs: number): void {
    this.lastFailure = error;
    this.backoff.recordFailure(uptimeMs);
  }

  /** A request the plugin answered: the next crash restarts after the shortest delay. */
  recordAnswered(): void {
    this.backoff.recordSuccess();
  }

  /** How long restarts pause after the latest failure; 0 = start again at once. */
  delayMs(): number {
    return this.backoff.delayMs();
  }

  /** Pauses restarts for `delayMs`; `onOver` runs when the pause ends by itself (not when cancelled). */
  pause(delayMs: number, onOver: () => void): void {
    this.wait.begin(delayMs, onOver);
  }

  /** Ends the pause early: whoever waits on it wakes and re-checks the slot's state. */
  cancel(): void {
    this.wait.cancel();
  }

  /** Waits for the pause to end if at most `maxWaitMs` is left; otherwise fails with `plugin_backing_off`. */
  async waitOrRefuse(plugin: string, maxWaitMs: number): Promise<void> {
    const retryAt = this.wait.retryAt ?? Date.now();
    if (retryAt - Date.now() > maxWaitMs) throw pluginBackingOffError(plugin, retryAt, this.backoff.consecutiveFailures, this.lastFailure);
    await this.wait.ended;
  }
}
