import type { Dialect } from 'kysely';
import pg from 'pg';
import { WriterFirstPostgresDialect } from './writer-first-dialect.js';

/** Connections per process: two cores serve a few queries at a time; more only queue inside PostgreSQL. */
const POOL_SIZE = 10;
/** A connection waits this long for the server before the query fails (an unreachable database is said, not waited on forever). */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Values as the SQLite adapter returns them: 64-bit integers (counts, sums, seqs) and numerics
 * as JavaScript numbers (every one Egide stores is far below 2^53), not strings.
 */
const AS_NUMBER: ReadonlySet<number> = new Set([pg.types.builtins.INT8, pg.types.builtins.NUMERIC]);
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (AS_NUMBER.has(oid)) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export interface PostgresPool {
  dialect: Dialect;
  pool: pg.Pool;
}

export function createPostgresDialect(url: string): PostgresPool {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, types, application_name: 'egide' });
  // An idle connection the server dropped (a restart, a failover) is discarded and replaced, not a crash.
  pool.on('error', () => undefined);
  // So is one dropped while lent out: its query fails (a 503 for a request), and the pool discards it on
  // return (it is no longer queryable). Without a listener, `pg` would throw the drop as an uncaught error.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return { dialect: new WriterFirstPostgresDialect({ pool }), pool };
}
