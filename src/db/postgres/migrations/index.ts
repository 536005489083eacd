import type { Migration, MigrationProvider } from 'kysely';

/** PostgreSQL's migrations, in order; the schema they reach matches the SQLite migrations' (db/schema.ts). */
const MIGRATIONS: Record<string, Migration> = {};

export const postgresMigrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
