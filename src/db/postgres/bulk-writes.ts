import { AsyncLocalStorage } from 'node:async_hooks';
import type { BulkWrites } from '../bulk-writes.js';

const bulk = new AsyncLocalStorage<true>();

/**
 * Runs `work` (an import) with its transactions committed without waiting for the write-ahead log
 * to reach the disk (`synchronous_commit = off`, set per transaction by writer-first-dialect.ts:
 * a session setting would hold on one pooled connection only). A crash of the server may then lose
 * the last batches committed (at most three WAL writer rounds, 0.6 s by default), never the
 * database's consistency; running the import again writes them. Everything else the process does
 * meanwhile commits as usual.
 */
export const withBulkWrites: BulkWrites = (_db, work) => bulk.run(true, work);

/** Whether the transaction starting now belongs to bulk writes. */
export function inBulkWrites(): boolean {
  return bulk.getStore() === true;
}
