/**
 * Who hears of revoked tokens: the store tells it the accessors of every token it revokes (or
 * expires), and its one listener (the lease manager, wired by `CoreRuntime`) revokes the leases
 * they obtained. `settled()` lets a revocation request answer only once that is done, as Vault's
 * does; a failing listener never fails the revocation (the lease manager retries on its own).
 */
export class TokenRevocations {
  private listener: ((accessors: string[]) => Promise<unknown>) | undefined;
  private settling: Promise<unknown> = Promise.resolve();

  on(listener: (accessors: string[]) => Promise<unknown>): void {
    this.listener = listener;
  }

  notify(accessors: string[]): void {
    if (this.listener === undefined || accessors.length === 0) return;
    const run = this.listener(accessors).catch(() => undefined);
    this.settling = Promise.all([this.settling, run]);
  }

  /** Resolves once what the listener started for the tokens revoked so far has finished. */
  async settled(): Promise<void> {
    await this.settling;
  }
}
