/**
 * Who hears of revoked tokens: the store tells it every token it revokes (or expires). Its one
 * accessor listener (the lease manager, wired by `CoreRuntime`) revokes the leases they obtained;
 * `settled()` lets a revocation request answer only once that is done, as Vault's does, and a
 * failing listener never fails the revocation (the lease manager retries on its own). Record
 * listeners (response wrapping, dropping a wrapped reply) are called at once, after the records
 * are gone.
 */
import type { TokenRecord } from './token-entry';

export class TokenRevocations {
  private listener: ((accessors: string[]) => Promise<unknown>) | undefined;
  private readonly recordListeners: Array<(records: readonly TokenRecord[]) => void> = [];
  private settling: Promise<unknown> = Promise.resolve();

  on(listener: (accessors: string[]) => Promise<unknown>): void {
    this.listener = listener;
  }

  onRecords(listener: (records: readonly TokenRecord[]) => void): void {
    this.recordListeners.push(listener);
  }

  notify(records: readonly TokenRecord[]): void {
    for (const listener of this.recordListeners) listener(records);
    if (this.listener === undefined || records.length === 0) return;
    const run = this.listener(records.map((record) => record.accessor)).catch(() => undefined);
    this.settling = Promise.all([this.settling, run]);
  }

  /** Resolves once what the listener started for the tokens revoked so far has finished. */
  async settled(): Promise<void> {
    await this.settling;
  }
}
