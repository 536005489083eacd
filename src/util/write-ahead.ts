/**
 * Batches written one after another, each prepared as soon as it is queued: while the database
 * writes one batch, this process prepares the next (the CPU work done without the database) and
 * reads the one after, instead of each side waiting for the other. Imports use it (see
 * interop/import/import-writer.ts and ObjectService.prepareUpsert).
 */
export class WriteAhead {
  private last: Promise<void> = Promise.resolve();

  /**
   * Queues a batch: `preparing` has started; `write` runs once it is ready and every batch queued
   * before is written. Resolves when the batch queued before this one is written, so that a caller
   * awaiting each call holds at most two batches (the one written, the one prepared); rejects with
   * the first failure, after which nothing more is written.
   */
  async queue<P>(preparing: Promise<P>, write: (prepared: P) => Promise<void>): Promise<void> {
    const previous = this.last;
    // Failures are handled by whoever awaits `queue` or `finished`, not where the chain is built.
    preparing.catch(() => undefined);
    this.last = previous.then(() => preparing).then(write);
    this.last.catch(() => undefined);
    await previous;
  }

  /** Resolves once every batch queued is written; rejects with the first failure. */
  finished(): Promise<void> {
    return this.last;
  }
}
