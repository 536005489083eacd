import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { notFound } from '../../errors.js';
import { writeFileAtomically } from '../../util/atomic-file.js';
import { SQLITE_FILE } from '../database.js';
import type { Database } from '../schema.js';
import type { DatabaseSnapshots, SnapshotCopy } from './database-snapshot.js';

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

  async take(config, folder, progress) {
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
    return [SQLITE_FILE];
  },

  async open(folder) {
    const connection = new SQLite(join(folder, SQLITE_FILE), { readonly: true, fileMustExist: true });
    return sqliteCopy(connection);
  },

  async restore(folder, dataDir) {
    // Flushed before the staging folder is renamed into place.
    await writeFileAtomically(join(dataDir, SQLITE_FILE), (temporary) => copyFile(join(folder, SQLITE_FILE), temporary));
  },
};

function sqliteCopy(connection: SQLite.Database): SnapshotCopy {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
  return {
    db,
    async migration() {
      const last = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(db);
      return last.rows[0]?.name ?? '';
    },
    async rowCounts() {
      // Virtual tables (the search index) are counted through their shadow tables, which hold their rows.
      const tables = await sql<{ name: string }>`
        select name from sqlite_schema
        where type = 'table' and name not like 'sqlite_%' and sql not like 'CREATE VIRTUAL TABLE%'
        order by name`.execute(db);
      const counts: Record<string, number> = {};
      for (const { name } of tables.rows) {
        const row = await sql<{ rows: number }>`select count(*) as rows from ${sql.table(name)}`.execute(db);
        counts[name] = row.rows[0]!.rows;
      }
      return counts;
    },
    async integrityProblems() {
      const result = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
      return result.rows.map((row) => row.integrity_check).filter((line) => line !== 'ok');
    },
    close: () => db.destroy(),
  };
}
