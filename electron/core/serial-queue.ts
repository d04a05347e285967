/**
 * Runs async tasks one at a time, in call order; a failed task does not block the next. Used
 * where a check and the write it guards are separated by an await (mount changes, seal changes).
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
