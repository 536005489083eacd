import { join } from 'node:path';
import { Kysely, Migrator } from 'kysely';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';
import { createSqliteDialect } from './sqlite/sqlite-adapter.js';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  close(): Promise<void>;
}

export class MigrationError extends Error {}

/** The embedded database's file in the data folder. */
export const SQLITE_FILE = 'egide.sqlite';

/** Opens the embedded database in `dataDir` (or in memory) and brings its schema up to date. */
export async function openDatabase(options: { dataDir: string } | { memory: true }): Promise<DatabaseHandle> {
  const file = 'memory' in options ? ':memory:' : join(options.dataDir, SQLITE_FILE);
  const db = new Kysely<Database>({ dialect: createSqliteDialect(file) });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, close: () => db.destroy() };
}

export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    const name = failed ? ` "${failed.migrationName}"` : '';
    throw new MigrationError(`Database migration${name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
