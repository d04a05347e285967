/**
 * Who hears of revoked tokens: the store tells it every token it revokes (or expires). Its one
 * accessor listener (the lease manager, wired by `CoreRuntime`) revokes the leases they obtained;
 * `settled()` lets a revocation request answer only once that is done, as Vault's does, and a
 * failing listener never fails the revocation (the lease manager retries on its own). Record
 * listeners (response wrapping, dropping a wrapped reply) are called at once, after the records
 * are gone. `sweep()` (for `auth/token/tidy`) revokes the leases of every token that is gone.
 */
import type { TokenRecord } from './token-entry';

export class TokenRevocations {
  private listener: ((accessors: string[]) => Promise<unknown>) | undefined;
  private sweeper: (() => Promise<number>) | undefined;
  private readonly recordListeners: Array<(records: readonly TokenRecord[]) => void> = [];
  private settling: Promise<void> = Promise.resolve();

  /** `sweep`: revokes the leases of every token that is gone (`auth/token/tidy`). */
  on(listener: (accessors: string[]) => Promise<unknown>, sweep?: () => Promise<number>): void {
    this.listener = listener;
    this.sweeper = sweep;
  }

  onRecords(listener: (records: readonly TokenRecord[]) => void): void {
    this.recordListeners.push(listener);
  }

  /** How many leases the sweep revoked (0 without a sweeper). */
  async sweep(): Promise<number> {
    return (await this.sweeper?.()) ?? 0;
  }

  notify(records: readonly TokenRecord[]): void {
    for (const listener of this.recordListeners) listener(records);
    if (this.listener === undefined || records.length === 0) return;
    const run = this.listener(records.map((record) => record.accessor)).catch(() => undefined);
    // Resolved to nothing, so a long run of revocations keeps no chain of results alive.
    this.settling = Promise.all([this.settling, run]).then(() => undefined);
  }

  /** Resolves once what the listener started for the tokens revoked so far has finished. */
  async settled(): Promise<void> {
    await this.settling;
  }
}
