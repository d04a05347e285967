/**
 * Group commit: items added during one turn of the event loop are committed together, in the
 * order they were added, by one transaction at the end of the turn (`setImmediate`, after the
 * I/O callbacks of the turn), and each `add` settles only when that commit has returned. A
 * request that awaits its `add` therefore goes on only once its item is committed, as if it had
 * committed alone, but N requests in flight pay for one commit instead of N.
 *
 * If the group's transaction fails, the items are committed one by one, so one bad item fails
 * only the request that added it (and a failing store fails each, with its own error).
 */
export interface GroupCommitTarget<T> {
  /** Commits all of `items` in one transaction, or none of them (throws). */
  commitAll(items: readonly T[]): void;
  /** Commits one item on its own (throws if it cannot). */
  commitOne(item: T): void;
}

interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<T> {
  private waiting: Waiting<T>[] = [];
  private scheduled: NodeJS.Immediate | undefined;

  constructor(private readonly target: GroupCommitTarget<T>) {}

  /** Settles once `item` is committed; rejects with the store's error if it could not be. */
  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  /** Commits what is waiting now (also called at the end of the turn); used before closing the store. */
  flush(): void {
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const group = this.waiting;
    this.waiting = [];
    if (group.length === 0) return;
    if (group.length > 1) {
      try {
        this.target.commitAll(group.map((waiting) => waiting.item));
        for (const waiting of group) waiting.resolve();
        return;
      } catch {
        // One of them may be the cause: each alone, so only its own request fails.
      }
    }
    for (const waiting of group) {
      try {
        this.target.commitOne(waiting.item);
        waiting.resolve();
      } catch (error) {
        waiting.reject(error);
      }
    }
  }
}
