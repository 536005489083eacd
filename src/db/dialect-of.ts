import { PostgresAdapter, type Kysely } from 'kysely';
import type { DialectName } from './database.js';

/**
 * The engine behind `db` (a Kysely instance or a transaction), for the few statements written per
 * dialect (see text-functions.ts, identify-slots.ts). Read from the query executor's adapter, so
 * that repositories need no extra constructor argument: every Kysely instance Egide opens carries
 * either PostgreSQL's adapter or SQLite's.
 */
export function dialectOf<DB>(db: Kysely<DB>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
