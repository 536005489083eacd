import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection, type Dialect, type DialectAdapter, type Driver, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { WriterBusyError } from '../errors.js';

/** Prepared statements kept per connection, by SQL text (least recently used are finalised first). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * How long a single statement outside a transaction (a session's insert, a read meeting a WAL
 * recovery) waits for the write lock, blocking the process meanwhile. Write transactions do not
 * wait here: `writeTransaction` waits for them without blocking (see WriterFirstDriver).
 */
const BUSY_TIMEOUT_MS = 5000;

/**
 * The embedded database. WAL keeps readers and the writer apart and, with `synchronous=NORMAL`,
 * a killed process loses at most the last uncommitted transaction, never consistency.
 */
export function createSqliteDialect(file: string): Dialect {
  return openSqlite(file).dialect;
}

/** The dialect, and its one connection for what must run on it synchronously (sqlite/audit-appender.ts). */
export function openSqlite(file: string): { dialect: Dialect; connection: SQLite.Database } {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const connection = new SQLite(file);
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Temporary data in memory, not temp files: the statement journal of every insert that fires
  // triggers (the search counts: ~60 µs per object in a temp file, ~15 µs in memory), search's
  // kept sets of seqs and its sorts.
  connection.pragma('temp_store = MEMORY');
  // 32 MB of page cache (the default is 2 MB) for the server's reads and writes; bulk writes
  // (imports) lower it for their duration (bulk-writes.ts), where memory matters more.
  connection.pragma('cache_size = -32768');
  // Kysely closes the connection on `destroy()`.
  return { dialect: new WriterFirstDialect({ database: withStatementCache(connection) }), connection };
}

class WriterFirstDialect extends SqliteDialect {
  constructor(private readonly settings: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(settings);
  }

  override createDriver(): Driver {
    return new WriterFirstDriver(this.settings);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlAdapter();
  }
}

/**
 * SQLite's DDL is transactional, which Kysely's adapter does not claim (some pragmas are not): with
 * this one, Kysely's migrator runs a migration in a transaction, so that a failed one changes nothing
 * (migrations that set such pragmas run outside one: their `ownTransaction`, see database.ts).
 */
class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * Every transaction starts as the writer (BEGIN IMMEDIATE). A plain BEGIN reads first and asks for
 * the write lock at its first write; if another process (a server, an import) committed meanwhile,
 * SQLite cannot let it write from its outdated snapshot and fails with SQLITE_BUSY_SNAPSHOT, which
 * no waiting cures. Starting as the writer, it waits for the lock before reading anything. It does
 * not wait inside SQLite (that would block the whole process, e.g. a server's other requests): a
 * taken lock is reported at once as a WriterBusyError, which `writeTransaction` waits out.
 */
class WriterFirstDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('pragma busy_timeout = 0'));
    try {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    } catch (error) {
      throw isBusy(error) ? new WriterBusyError({ cause: error }) : error;
    } finally {
      await connection.executeQuery(CompiledQuery.raw(`pragma busy_timeout = ${BUSY_TIMEOUT_MS}`));
    }
  }
}

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_RECOVERY…). */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
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
