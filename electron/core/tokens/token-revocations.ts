/**
 * Who hears of revoked tokens: the store tells it the accessors of every token it revokes (or
 * expires), and its one listener (the lease manager, wired by `CoreRuntime`) revokes the leases
 * they obtained. `settled()` lets a revocation request answer only once that is done, as Vault's
 * does; a failing listener never fails the revocation (the lease manager retries on its own).
 */
export class TokenRevocations {
  private listener: ((accessors: string[]) => Promise<unknown>) | undefined;
  private sweeper: (() => Promise<number>) | undefined;
  private settling: Promise<void> = Promise.resolve();

  /** `sweep`: revokes the leases of every token that is gone (`auth/token/tidy`). */
  on(listener: (accessors: string[]) => Promise<unknown>, sweep?: () => Promise<number>): void {
    this.listener = listener;
    this.sweeper = sweep;
  }

  /** How many leases the sweep revoked (0 without a sweeper). */
  async sweep(): Promise<number> {
    return (await this.sweeper?.()) ?? 0;
  }

  notify(accessors: string[]): void {
    if (this.listener === undefined || accessors.length === 0) return;
    const run = this.listener(accessors).catch(() => undefined);
    // Resolved to nothing, so a long run of revocations keeps no chain of results alive.
    this.settling = Promise.all([this.settling, run]).then(() => undefined);
  }

  /** Resolves once what the listener started for the tokens revoked so far has finished. */
  async settled(): Promise<void> {
    await this.settling;
  }
}
