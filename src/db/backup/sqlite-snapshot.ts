import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { invalid, notFound } from '../../errors.js';
import { writeFileAtomically } from '../../util/atomic-file.js';
import { SQLITE_FILE } from '../database.js';
import type { Database } from '../schema.js';
import type { DatabaseSnapshots, SnapshotCopy } from './database-snapshot.js';
import { countRows, lastMigration, textRows } from './snapshot-queries.js';

/** Pages copied per step while no one else writes (4 MB of 4 KiB pages): progress, without holding the read lock long. */
const PAGES_PER_STEP = 1024;
/** All the pages left, in one step (SQLite's own bound on a step). */
const ALL_PAGES = 0x7fffffff;
/** How long opening the live database waits out another process's WAL recovery. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * SQLite's online backup API, which reads the live database (its WAL included) from a read
 * transaction: servers and imports keep writing meanwhile. Each step is consistent, but a write
 * by another process between steps makes SQLite start the copy again; after such a restart the
 * rest is copied in one step, so that a busy server cannot keep a backup from ever finishing.
 */
export const sqliteSnapshots: DatabaseSnapshots = {
  dialect: 'sqlite',
  progressUnit: 'pages',

  async take(config, folder, progress, read) {
    const live = join(config.dataDir, SQLITE_FILE);
    let source: SQLite.Database;
    try {
      source = new SQLite(live, { readonly: true, fileMustExist: true });
    } catch (error) {
      throw notFound(`No database to back up at ${live}: ${(error as Error).message}.`);
    }
    try {
      source.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      let remaining = Infinity;
      await source.backup(join(folder, SQLITE_FILE), {
        progress: ({ totalPages, remainingPages }) => {
          const restarted = remainingPages > remaining;
          remaining = remainingPages;
          progress(totalPages - remainingPages, totalPages);
          return restarted ? ALL_PAGES : PAGES_PER_STEP;
        },
      });
    } finally {
      source.close();
    }
    // The copy inherits WAL mode; in rollback mode it is one self-contained file, which read-only
    // opens (verify) leave untouched.
    const copy = new SQLite(join(folder, SQLITE_FILE));
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const snapshot = openCopy(folder);
    try {
      return { files: [SQLITE_FILE], read: await read(snapshot) };
    } finally {
      await snapshot.close();
    }
  },

  async open(folder) {
    return openCopy(folder);
  },

  async refuseUnfitTarget(target) {
    // The data folder is the target, checked empty by the restore itself.
    if (target.databaseUrl !== undefined) throw invalid('This backup is of an SQLite database, which is restored into a data folder, not into PostgreSQL: leave EGIDE_DATABASE_URL (and --database-url) unset.');
  },

  async restore(folder, target) {
    // Flushed before the staging folder is renamed into place.
    await writeFileAtomically(join(target.dataDir, SQLITE_FILE), (temporary) => copyFile(join(folder, SQLITE_FILE), temporary));
  },
};

function openCopy(folder: string): SnapshotCopy {
  const connection = new SQLite(join(folder, SQLITE_FILE), { readonly: true, fileMustExist: true });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
  return {
    migration: () => lastMigration(db),
    async rowCounts() {
      // Virtual tables (the search index) are counted through their shadow tables, which hold their rows.
      const tables = await sql<{ name: string }>`
        select name from sqlite_schema
        where type = 'table' and name not like 'sqlite_%' and sql not like 'CREATE VIRTUAL TABLE%'
        order by name`.execute(db);
      return countRows(db, tables.rows.map((table) => table.name));
    },
    textRows: (table, columns) => textRows(db, table, columns),
    async integrityProblems() {
      const result = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
      return result.rows.map((row) => row.integrity_check).filter((line) => line !== 'ok');
    },
    close: () => db.destroy(),
  };
}
