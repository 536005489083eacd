import type { Db } from './database.js';

/**
 * Runs `work` (an import, batch after batch) with the connection set up for many writes, and
 * restores it afterwards; each engine has its own (sqlite/bulk-writes.ts, postgres/bulk-writes.ts),
 * picked in app/context.ts.
 */
export type BulkWrites = <T>(db: Db, work: () => Promise<T>) => Promise<T>;
