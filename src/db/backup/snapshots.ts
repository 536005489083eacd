import type { EgideConfig } from '../../config/config.js';
import type { DatabaseSnapshots } from './database-snapshot.js';
import { postgresSnapshots } from './postgres-snapshot.js';
import { sqliteSnapshots } from './sqlite-snapshot.js';

/** Backups name their dialect. */
const BY_DIALECT: Record<string, DatabaseSnapshots> = { sqlite: sqliteSnapshots, postgres: postgresSnapshots };

export function snapshotsOf(dialect: string): DatabaseSnapshots | undefined {
  return Object.hasOwn(BY_DIALECT, dialect) ? BY_DIALECT[dialect] : undefined;
}

/** The snapshots of the configured database: PostgreSQL's when `EGIDE_DATABASE_URL` is set, else SQLite's. */
export function configuredSnapshots(config: Pick<EgideConfig, 'databaseUrl'>): DatabaseSnapshots {
  return config.databaseUrl === undefined ? sqliteSnapshots : postgresSnapshots;
}
