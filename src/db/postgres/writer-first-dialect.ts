import { CompiledQuery, PostgresDialect, PostgresDriver, type DatabaseConnection, type Driver, type PostgresDialectConfig, type TransactionSettings } from 'kysely';
import { DatabaseBusyError } from '../errors.js';
import { bulkTransactionPreamble } from './bulk-writes.js';

/** The advisory lock every transaction takes: Egide's writer lock (any fixed number no other program on the database uses). */
const WRITER_LOCK = 0x45474944; // "EGID"
/** As long as `writeTransaction` waits for SQLite's write lock (write-transaction.ts). */
const WRITER_WAIT_MS = 60_000;
/** PostgreSQL's lock_not_available: the wait for the lock ran out. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Transactions run one at a time across every process on the database, as on SQLite (see
 * ../sqlite/sqlite-adapter.ts): each starts by taking one transaction-scoped advisory lock. Code
 * written for SQLite's single writer reads then writes in a transaction and relies on nothing
 * changing in between — the audit trail reads the last hash before chaining the next entry to it,
 * services check an inventory number or a position before inserting —, which PostgreSQL's default
 * isolation (read committed) would not guarantee between instances. Statements outside a
 * transaction (reads, single writes) and read-only transactions (a backup's snapshot) take no
 * lock. The wait is bounded as on SQLite: after a minute, DatabaseBusyError (a 503), nothing done.
 */
export class WriterFirstPostgresDialect extends PostgresDialect {
  constructor(private readonly settings: PostgresDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new WriterFirstPostgresDriver(this.settings);
  }
}

class WriterFirstPostgresDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await super.beginTransaction(connection, settings);
    if (settings.accessMode === 'read only') return; // writes nothing: a backup's snapshot must not hold writers back
    try {
      // Bulk writes' statements ride along (one statement list, sent as a simple query): no extra round trip.
      await connection.executeQuery(CompiledQuery.raw(`set local lock_timeout = ${WRITER_WAIT_MS}${bulkTransactionPreamble()}`));
      await connection.executeQuery(CompiledQuery.raw(`select pg_advisory_xact_lock(${WRITER_LOCK})`));
      await connection.executeQuery(CompiledQuery.raw('set local lock_timeout to default'));
    } catch (error) {
      await connection.executeQuery(CompiledQuery.raw('rollback'));
      throw (error as { code?: unknown }).code === LOCK_NOT_AVAILABLE ? new DatabaseBusyError(WRITER_WAIT_MS) : error;
    }
  }
}
