import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-schema.js';
import * as m0002 from './0002-search.js';
import * as m0003 from './0003-shared-state.js';
import * as m0004 from './0004-red-lists.js';
import * as m0005 from './0005-customs-checks.js';

/** PostgreSQL's migrations, in order; the schema they reach matches the SQLite migrations' (db/schema.ts). */
const MIGRATIONS: Record<string, Migration> = {
  '0001-schema': m0001,
  '0002-search': m0002,
  '0003-shared-state': m0003,
  '0004-red-lists': m0004,
  '0005-customs-checks': m0005,
};

export const postgresMigrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
