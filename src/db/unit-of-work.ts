import type { Db } from './database.js';
import { writeTransaction } from './write-transaction.js';

/**
 * Runs `work` in one write transaction, handing it repositories bound to that transaction: what
 * `work` writes through them is committed together, or not at all if it throws. Services take one
 * of these instead of the database, so they never see a connection or a transaction.
 */
export type UnitOfWork<Repositories> = <T>(work: (repositories: Repositories) => Promise<T>) => Promise<T>;

/** A unit of work on `db`; `repositoriesOn` makes the repositories for one transaction. */
export function unitOfWork<Repositories>(db: Db, repositoriesOn: (trx: Db) => Repositories): UnitOfWork<Repositories> {
  return (work) => writeTransaction(db, (trx) => work(repositoriesOn(trx)));
}
