import { sql, type Kysely, type Transaction } from 'kysely';
import { DatabaseBusyError, WriterBusyError } from './errors.js';

export interface BusyWaitOptions {
  /** How long to keep trying for the write lock before giving up with a DatabaseBusyError. */
  maxWaitMs?: number;
}

/** Long enough for another process's longest write transaction (an import batch, an index compaction). */
const DEFAULT_MAX_WAIT_MS = 60_000;
const FIRST_DELAY_MS = 2;
const LONGEST_DELAY_MS = 250;

let savepoints = 0;

/**
 * Runs `work` in a write transaction: every change `work` makes through `trx` is committed
 * together, or none is if it throws. The transaction starts as the database's writer, so it never
 * fails midway because another process wrote meanwhile; while another process holds the write
 * lock, it waits (without blocking this process) with exponential back-off and jitter, then gives
 * up with a DatabaseBusyError. Called with a transaction, it runs inside it under a savepoint:
 * if `work` throws, its changes alone are undone, and the caller decides about the rest.
 */
export async function writeTransaction<DB, T>(db: Kysely<DB> | Transaction<DB>, work: (trx: Transaction<DB>) => Promise<T>, options: BusyWaitOptions = {}): Promise<T> {
  if (db.isTransaction) return withinSavepoint(db as Transaction<DB>, work);
  return retryWhileWriterBusy(() => db.transaction().execute(work), options);
}

async function withinSavepoint<DB, T>(trx: Transaction<DB>, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  const name = sql.id(`egide_savepoint_${++savepoints}`);
  await sql`savepoint ${name}`.execute(trx);
  try {
    const result = await work(trx);
    await sql`release savepoint ${name}`.execute(trx);
    return result;
  } catch (error) {
    await sql`rollback to savepoint ${name}`.execute(trx);
    await sql`release savepoint ${name}`.execute(trx);
    throw error;
  }
}

/**
 * Runs `attempt` again while it fails with a WriterBusyError (raised before anything was done),
 * waiting 2, 4, 8… ms up to 250 ms between tries, each wait drawn between half and all of that
 * (jitter: processes waiting for the same lock do not retry in step).
 */
export async function retryWhileWriterBusy<T>(attempt: () => Promise<T>, options: BusyWaitOptions = {}): Promise<T> {
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const started = performance.now();
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof WriterBusyError)) throw error;
      const waited = performance.now() - started;
      if (waited >= maxWaitMs) throw new DatabaseBusyError(waited);
      const ceiling = Math.min(LONGEST_DELAY_MS, FIRST_DELAY_MS * 2 ** tries, maxWaitMs - waited);
      await new Promise((resolve) => setTimeout(resolve, ceiling / 2 + Math.random() * (ceiling / 2)));
    }
  }
}
