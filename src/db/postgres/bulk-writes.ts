import { AsyncLocalStorage } from 'node:async_hooks';
import type { BulkWrites } from '../bulk-writes.js';

/** One run of bulk writes: how many of its transactions have begun, and at which one the statistics are refreshed next. */
interface BulkRun {
  transactions: number;
  nextAnalysis: number;
}

const bulk = new AsyncLocalStorage<BulkRun>();

/** The tables an import grows, whose statistics its own lookups are planned with. */
const GROWING_TABLES = 'objects, object_materials, object_search';

/**
 * Runs `work` (an import) with its transactions committed without waiting for the write-ahead log
 * to reach the disk (`synchronous_commit = off`, set per transaction by writer-first-dialect.ts:
 * a session setting would hold on one pooled connection only). A crash of the server may then lose
 * the last batches committed (at most three WAL writer rounds, 0.6 s by default), never the
 * database's consistency; running the import again writes them. Everything else the process does
 * meanwhile commits as usual.
 */
export const withBulkWrites: BulkWrites = (_db, work) => bulk.run({ transactions: 0, nextAnalysis: 1 }, work);

/**
 * What a write transaction starting now runs first, as `; statement` pieces to append to its
 * opening statements (no extra round trip): nothing outside bulk writes. Inside, the commit
 * setting above, and the growing tables' statistics refreshed at the 1st, 2nd, 4th, 8th…
 * transaction, so that they never describe less than half of what the import has written.
 * Autovacuum refreshes them only once a minute at best: on the Tate export (69,201 objects,
 * 17 s) the planner still believed the museum held 1,006 objects at the end, and looked each
 * batch's inventory numbers up by scanning all of the museum's objects (18 ms a batch at 69,201,
 * growing with the registry) instead of probing the inventory index. An ANALYZE samples at most
 * 30,000 rows: about ten of them over a million-object import.
 */
export function bulkTransactionPreamble(): string {
  const run = bulk.getStore();
  if (!run) return '';
  run.transactions += 1;
  const statements = ['set local synchronous_commit = off'];
  if (run.transactions >= run.nextAnalysis) {
    run.nextAnalysis *= 2;
    statements.push(`analyze ${GROWING_TABLES}`);
  }
  return statements.map((statement) => `; ${statement}`).join('');
}
