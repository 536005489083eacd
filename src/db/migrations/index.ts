import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-network-and-accounts.js';
import * as m0002 from './0002-registry.js';
import * as m0003 from './0003-search.js';

/** Migrations are listed here, in order, so they bundle with the code instead of being read from disk. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-network-and-accounts': m0001,
  '0002-registry': m0002,
  '0003-search': m0003,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
