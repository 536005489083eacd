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

/**
 * PostgreSQL's text cannot hold U+0000 (SQLite's can): a NUL in a value (a fuzzed query string, a
 * pasted binary) would fail the whole statement with "invalid byte sequence". Such a character is
 * sent as U+FFFD, the replacement character, as a decoder shows an unreadable byte: a search for it
 * finds nothing, as on SQLite, and a text holding it is kept with the mark where it was.
 */
class NulSafeClient extends pg.Client {
  override query(...args: unknown[]): never {
    const [, values] = args;
    if (Array.isArray(values)) args[1] = values.map((value: unknown) => (typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value));
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}

export interface PostgresPool {
  dialect: Dialect;
  pool: pg.Pool;
}

export function createPostgresDialect(url: string): PostgresPool {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, types, application_name: 'egide', Client: NulSafeClient });
  // An idle connection the server dropped (a restart, a failover) is discarded and replaced, not a crash.
  pool.on('error', () => undefined);
  // So is one dropped while lent out: its query fails (a 503 for a request), and the pool discards it on
  // return (it is no longer queryable). Without a listener, `pg` would throw the drop as an uncaught error.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return { dialect: new WriterFirstPostgresDialect({ pool }), pool };
}
