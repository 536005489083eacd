import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { SqliteDialect, type Dialect } from 'kysely';

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
  // Kysely closes the connection on `destroy()`.
  return new SqliteDialect({ database: connection });
}
