import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-network-and-accounts.js';

/** Migrations are listed here, in order, so they bundle with the code instead of being read from disk. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-network-and-accounts': m0001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
