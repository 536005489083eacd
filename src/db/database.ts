import { join } from 'node:path';
import type SQLite from 'better-sqlite3';
import { Kysely, Migrator, type Migration, type MigrationProvider } from 'kysely';
import { DatabaseUnreachableError, isDatabaseUnreachable } from './connection-errors.js';
import { WriterBusyError } from './errors.js';
import { migrationProvider } from './migrations/index.js';
import { postgresMigrationProvider } from './postgres/migrations/index.js';
import { createPostgresDialect } from './postgres/postgres-dialect.js';
import type { Database } from './schema.js';
import { openSqlite } from './sqlite/sqlite-adapter.js';
import { retryWhileWriterBusy } from './write-transaction.js';

export type Db = Kysely<Database>;

/** The engines Egide stores its data in: the embedded SQLite file, or a PostgreSQL server. */
export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Db;
  dialect: DialectName;
  /** SQLite's one connection, under `db`: the audit trail appends on it synchronously (sqlite/audit-appender.ts). */
  sqliteConnection?: SQLite.Database;
  close(): Promise<void>;
}

export class MigrationError extends Error {}

export { DatabaseUnreachableError } from './connection-errors.js';

/** The embedded database's file in the data folder. */
export const SQLITE_FILE = 'egide.sqlite';

export type DatabaseLocation = { dataDir: string } | { memory: true } | { url: string };

/**
 * Opens the database (PostgreSQL at `url`, else the embedded SQLite file in `dataDir` or in
 * memory) and brings its schema up to date.
 */
export async function openDatabase(location: DatabaseLocation): Promise<DatabaseHandle> {
  const { db, dialect, sqliteConnection } = connect(location);
  try {
    await migrateToLatest(db, dialect);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, dialect, ...(sqliteConnection ? { sqliteConnection } : {}), close: () => db.destroy() };
}

function connect(location: DatabaseLocation): { db: Db; dialect: DialectName; sqliteConnection?: SQLite.Database } {
  if ('url' in location) return { db: new Kysely<Database>({ dialect: createPostgresDialect(location.url).dialect }), dialect: 'postgres' };
  const { dialect, connection } = openSqlite('memory' in location ? ':memory:' : join(location.dataDir, SQLITE_FILE));
  return { db: new Kysely<Database>({ dialect }), dialect: 'sqlite', sqliteConnection: connection };
}

const PROVIDERS: Record<DialectName, MigrationProvider> = { sqlite: migrationProvider, postgres: postgresMigrationProvider };

/**
 * A migration that runs outside a transaction and makes its own: SQLite ignores some settings
 * inside one (`pragma foreign_keys`, which a table rebuild turns off).
 */
interface OwnTransactionMigration extends Migration {
  readonly ownTransaction: true;
}

const runsInOwnTransaction = (migration: Migration | undefined) => (migration as Partial<OwnTransactionMigration> | undefined)?.ownTransaction === true;

/**
 * Applies the dialect's pending migrations (`provider`: the dialect's own), one at a time, each in
 * a transaction with its `kysely_migration` row (both engines have transactional DDL): a migration
 * that fails leaves the schema at the previous version. A migration that began while another process
 * held SQLite's write lock waits for it, as writes do.
 */
export async function migrateToLatest(db: Kysely<Database>, dialect: DialectName = 'sqlite', provider: MigrationProvider = PROVIDERS[dialect]): Promise<void> {
  const migrations = await provider.getMigrations();
  for (;;) {
    const pending = (await new Migrator({ db, provider }).getMigrations().catch(failedMigration)).find((migration) => migration.executedAt === undefined);
    if (!pending) return;
    const migrator = new Migrator({ db, provider, disableTransactions: runsInOwnTransaction(migrations[pending.name]) });
    const { error, results } = await retryWhileWriterBusy(async () => {
      const result = await migrator.migrateUp();
      if (result.error instanceof WriterBusyError) throw result.error;
      return result;
    });
    const failed = results?.find((result) => result.status === 'Error');
    if (error || failed) failedMigration(error, failed?.migrationName);
  }
}

function failedMigration(error: unknown, migrationName?: string): never {
  if (isDatabaseUnreachable(error)) {
    throw new DatabaseUnreachableError(`Cannot reach the database: ${error instanceof Error ? error.message : String(error)}. Check EGIDE_DATABASE_URL and that PostgreSQL is running.`, { cause: error });
  }
  const name = migrationName ? ` "${migrationName}"` : '';
  throw new MigrationError(`Database migration${name} failed: ${error instanceof Error ? error.message : String(error)}`);
}
