import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { SqliteDialect, type Dialect, type SqliteDatabase, type SqliteStatement } from 'kysely';

/** Prepared statements kept per connection, by SQL text (least recently used are finalised first). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The embedded database. WAL keeps readers and the writer apart and, with `synchronous=NORMAL`,
 * a killed process loses at most the last uncommitted transaction, never consistency.
 */
export function createSqliteDialect(file: string): Dialect {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const connection = new SQLite(file);
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  // Temporary data in memory, not temp files: the statement journal of every insert that fires
  // triggers (the search counts: ~60 µs per object in a temp file, ~15 µs in memory), search's
  // kept sets of seqs and its sorts.
  connection.pragma('temp_store = MEMORY');
  // 32 MB of page cache (the default is 2 MB) for the server's reads and writes; bulk writes
  // (imports) lower it for their duration (bulk-writes.ts), where memory matters more.
  connection.pragma('cache_size = -32768');
  // Kysely closes the connection on `destroy()`.
  return new SqliteDialect({ database: withStatementCache(connection) });
}

/**
 * Kysely prepares every query it runs; preparing costs as much as running a simple insert or
 * look-up, so statements are reused by SQL text. Kysely serialises queries on the one connection
 * (and holds it while a stream is read), so a cached statement is never run twice at once.
 */
function withStatementCache(connection: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      connection.close();
    },
    prepare(sql: string): SqliteStatement {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql); // re-inserted below: most recently used last
      } else {
        statement = connection.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}
