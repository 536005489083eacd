import type { DatabaseSnapshots } from './database-snapshot.js';
import { sqliteSnapshots } from './sqlite-snapshot.js';

/** Backups name their dialect; the PostgreSQL adapter adds its own here. */
const BY_DIALECT: Record<string, DatabaseSnapshots> = { sqlite: sqliteSnapshots };

export function snapshotsOf(dialect: string): DatabaseSnapshots | undefined {
  return Object.hasOwn(BY_DIALECT, dialect) ? BY_DIALECT[dialect] : undefined;
}
