/**
 * One client's end of the push events, bounded: neither Electron IPC nor a WebSocket tells the
 * sender that the page is behind (both queue without limit while the page's main thread is busy),
 * so the client acknowledges each log batch once its listeners have run, and at most `window`
 * batches may be unacknowledged. Past that, log batches are not sent but counted per plugin; the
 * count rides on the plugin's next batch as `dropped` (an empty batch as soon as there is room),
 * which the log pane shows as "N lines dropped". Other events are rare and small, and always sent.
 */
import type { ContractEvents, EventName } from '../common/contract';
import type { PluginLogBatch } from '../common/contract/plugins';

/** `ack` is set on frames the client must acknowledge (by that number). */
export type PushDelivery = (event: EventName, payload: unknown, ack: number | undefined) => void;

export const DEFAULT_PUSH_WINDOW = 8;

export class BoundedPushChannel {
  private sent = 0;
  private acked = 0;
  private readonly dropped = new Map<string, number>();

  constructor(
    private readonly deliver: PushDelivery,
    private readonly window = DEFAULT_PUSH_WINDOW,
  ) {}

  publish<E extends EventName>(event: E, payload: ContractEvents[E]): void {
    if (event !== 'plugins.log') {
      this.deliver(event, payload, undefined);
      return;
    }
    const batch = payload as PluginLogBatch;
    if (!this.hasRoom()) {
      this.dropped.set(batch.plugin, (this.dropped.get(batch.plugin) ?? 0) + batch.lines.length + batch.dropped);
      return;
    }
    const missed = this.dropped.get(batch.plugin) ?? 0;
    this.dropped.delete(batch.plugin);
    this.sendBatch({ ...batch, dropped: batch.dropped + missed });
  }

  /** The client handled every acknowledged frame up to `upTo`; late or repeated acks are ignored. */
  ack(upTo: number): void {
    if (!Number.isSafeInteger(upTo) || upTo <= this.acked || upTo > this.sent) return;
    this.acked = upTo;
    for (const [plugin, count] of this.dropped) {
      if (!this.hasRoom()) break;
      this.dropped.delete(plugin);
      this.sendBatch({ plugin, lines: [], dropped: count });
    }
  }

  /** A new page in the same window (a reload): nothing it could acknowledge is outstanding. */
  reset(): void {
    this.acked = this.sent;
    this.dropped.clear();
  }

  /** Lines counted as dropped and not yet reported to the client. */
  get unreportedDrops(): number {
    let sum = 0;
    for (const count of this.dropped.values()) sum += count;
    return sum;
  }

  private hasRoom(): boolean {
    return this.sent - this.acked < this.window;
  }

  private sendBatch(batch: PluginLogBatch): void {
    this.sent += 1;
    this.deliver('plugins.log', batch, this.sent);
  }
}
