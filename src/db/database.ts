import { join } from 'node:path';
import { Kysely, Migrator, type MigrationProvider } from 'kysely';
import { migrationProvider } from './migrations/index.js';
import { postgresMigrationProvider } from './postgres/migrations/index.js';
import { createPostgresDialect } from './postgres/postgres-dialect.js';
import type { Database } from './schema.js';
import { createSqliteDialect } from './sqlite/sqlite-adapter.js';

export type Db = Kysely<Database>;

/** The engines Egide stores its data in: the embedded SQLite file, or a PostgreSQL server. */
export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Db;
  dialect: DialectName;
  close(): Promise<void>;
}

export class MigrationError extends Error {}

/** The database could not be reached (refused, timed out, unknown host, wrong password…). */
export class DatabaseUnreachableError extends Error {}

/** The embedded database's file in the data folder. */
export const SQLITE_FILE = 'egide.sqlite';

export type DatabaseLocation = { dataDir: string } | { memory: true } | { url: string };

/**
 * Opens the database (PostgreSQL at `url`, else the embedded SQLite file in `dataDir` or in
 * memory) and brings its schema up to date.
 */
export async function openDatabase(location: DatabaseLocation): Promise<DatabaseHandle> {
  const { db, dialect } = connect(location);
  try {
    await migrateToLatest(db, dialect);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, dialect, close: () => db.destroy() };
}

function connect(location: DatabaseLocation): { db: Db; dialect: DialectName } {
  if ('url' in location) return { db: new Kysely<Database>({ dialect: createPostgresDialect(location.url).dialect }), dialect: 'postgres' };
  const file = 'memory' in location ? ':memory:' : join(location.dataDir, SQLITE_FILE);
  return { db: new Kysely<Database>({ dialect: createSqliteDialect(file) }), dialect: 'sqlite' };
}

const PROVIDERS: Record<DialectName, MigrationProvider> = { sqlite: migrationProvider, postgres: postgresMigrationProvider };

/** Network errors of `pg` and PostgreSQL's "cannot connect now" class (57P03) and authentication failures (28xxx). */
function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return error instanceof Error && /timeout exceeded when trying to connect|Connection terminated/i.test(error.message);
  return ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', '57P03', '3D000'].includes(code) || code.startsWith('28');
}

/**
 * Applies the dialect's pending migrations. Each runs in its own transaction (both engines have
 * transactional DDL), so a failed migration leaves the schema at the previous version.
 */
export async function migrateToLatest(db: Kysely<Database>, dialect: DialectName = 'sqlite'): Promise<void> {
  const migrator = new Migrator({ db, provider: PROVIDERS[dialect] });
  const { error, results } = await migrator.migrateToLatest();
  if (error && isUnreachable(error)) {
    throw new DatabaseUnreachableError(`Cannot reach the database: ${error instanceof Error ? error.message : String(error)}. Check EGIDE_DATABASE_URL and that PostgreSQL is running.`, { cause: error });
  }
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    const name = failed ? ` "${failed.migrationName}"` : '';
    throw new MigrationError(`Database migration${name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
