import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import pg from 'pg';
import { conflict, invalid, notFound } from '../../errors.js';
import { migrateToLatest, type Db } from '../database.js';
import { clientProgram } from '../postgres/binaries.js';
import { createPostgresDialect } from '../postgres/postgres-dialect.js';
import type { Database } from '../schema.js';
import type { DatabaseSnapshots, RestoreTarget, SnapshotReader } from './database-snapshot.js';
import { PostgresArchive } from './postgres-archive.js';
import { connectionOf, runProgram } from './postgres-programs.js';
import { countRows, lastMigration, textRows } from './snapshot-queries.js';

/** The snapshot's one file: `pg_dump --format=custom` (compressed, restored by `pg_restore`). */
const DUMP_FILE = 'egide.dump';
/** PostgreSQL's error code for a database that does not exist. */
const NO_SUCH_DATABASE = '3D000';
/** `pg_dump --verbose` says this as it starts each table's rows. */
const TABLE_DUMP_STARTED = ': dumping contents of table ';

/**
 * `pg_dump` of the configured database, consistent by construction: the backup's own transaction
 * (repeatable read) exports its snapshot, `pg_dump --snapshot` dumps exactly that, and the row
 * counts and photo paths are read in the same transaction, so they agree with the dump while
 * servers keep writing. Restored with `pg_restore` into an empty database, in one transaction.
 */
export const postgresSnapshots: DatabaseSnapshots = {
  dialect: 'postgres',
  progressUnit: 'tables',

  async take(config, folder, progress, read) {
    const url = config.databaseUrl;
    if (url === undefined) throw invalid('No PostgreSQL database to back up: EGIDE_DATABASE_URL is not set.');
    const db = new Kysely<Database>({ dialect: createPostgresDialect(url).dialect });
    try {
      return await db
        .transaction()
        .setIsolationLevel('repeatable read')
        .setAccessMode('read only')
        .execute(async (trx) => {
          const [snapshot, major] = await Promise.all([exportSnapshot(trx), serverMajor(trx)]);
          const tables = await tablesOf(trx);
          let dumped = 0;
          progress(0, tables.length);
          const connection = connectionOf(url);
          const dump = runProgram(
            clientProgram('pg_dump', major),
            ['--format=custom', `--snapshot=${snapshot}`, '--verbose', `--file=${join(folder, DUMP_FILE)}`, connection.dbname],
            {
              stderrLine: (line) => {
                if (line.includes(TABLE_DUMP_STARTED)) progress(++dumped, tables.length);
              },
            },
            connection.env,
          );
          const snapshotDb: Db = trx;
          const reader: SnapshotReader = { migration: () => lastMigration(snapshotDb), rowCounts: () => countRows(snapshotDb, tables), textRows: (table, columns) => textRows(snapshotDb, table, columns) };
          // Both finish before the transaction ends (a failed read must not leave pg_dump writing).
          const [dumpedAll, readAll] = await Promise.allSettled([dump, read(reader)]);
          if (dumpedAll.status === 'rejected') throw dumpedAll.reason;
          if (readAll.status === 'rejected') throw readAll.reason;
          progress(tables.length, tables.length);
          return { files: [DUMP_FILE], read: readAll.value };
        });
    } catch (error) {
      if (codeOf(error) === NO_SUCH_DATABASE) throw notFound(`No database to back up: ${databaseName(url)} does not exist on the server (${(error as Error).message}).`);
      throw error;
    } finally {
      await db.destroy();
    }
  },

  async open(folder) {
    const archive = new PostgresArchive(join(folder, DUMP_FILE));
    // The table of contents at least: a file that is not an archive cannot be opened.
    await archive.tables();
    let counted: Promise<Record<string, number>> | undefined;
    const rowCounts = () => (counted ??= archive.rowCounts());
    return {
      rowCounts,
      textRows: (table, columns) => archive.textRows(table, columns),
      async migration() {
        const names = (await archive.textRows('kysely_migration', ['name'])).map((row) => row.name ?? '');
        return names.sort().at(-1) ?? '';
      },
      async integrityProblems() {
        try {
          await rowCounts();
          return [];
        } catch (error) {
          return [(error as Error).message];
        }
      },
      close: async () => undefined,
    };
  },

  async refuseUnfitTarget(target) {
    const url = targetUrl(target);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
    } catch (error) {
      if (codeOf(error) === NO_SUCH_DATABASE) throw notFound(`The database ${databaseName(url)} does not exist: create it empty (createdb), then restore into it.`);
      throw error;
    }
    try {
      const { rows } = await client.query<{ tablename: string }>('select tablename from pg_tables where schemaname = current_schema() order by tablename');
      if (rows.length > 0) {
        const shown = rows.slice(0, 5).map((row) => row.tablename).join(', ') + (rows.length > 5 ? ', …' : '');
        throw conflict(`The database ${databaseName(url)} is not empty (${shown}): a backup is restored only into an empty database, so that nothing in it is lost.`);
      }
    } finally {
      await client.end();
    }
  },

  async restore(folder, target) {
    const url = targetUrl(target);
    const db = new Kysely<Database>({ dialect: createPostgresDialect(url).dialect });
    try {
      const connection = connectionOf(url);
      // All or nothing: a restore that fails leaves the database empty.
      await runProgram(
        clientProgram('pg_restore', await serverMajor(db)),
        ['--no-owner', '--no-acl', '--single-transaction', '--exit-on-error', connection.dbname, join(folder, DUMP_FILE)],
        {},
        connection.env,
      );
      // A backup of an earlier version of Egide is brought up to this one's schema.
      await migrateToLatest(db, 'postgres');
    } finally {
      await db.destroy();
    }
  },
};

function targetUrl(target: RestoreTarget): string {
  if (target.databaseUrl === undefined) throw invalid('This backup is of a PostgreSQL database: give the empty database to restore it into, with --database-url or EGIDE_DATABASE_URL.');
  return target.databaseUrl;
}

async function exportSnapshot(db: Db): Promise<string> {
  return (await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(db)).rows[0]!.id;
}

/** The server's major version (15 for 15.4): its `pg_dump` and `pg_restore`, or newer ones, read and write it. */
async function serverMajor(db: Db): Promise<number> {
  const { rows } = await sql<{ version: number }>`select current_setting('server_version_num')::int as version`.execute(db);
  return Math.floor(rows[0]!.version / 10_000);
}

/** Egide's tables: those of the connection's schema. */
async function tablesOf(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema() order by tablename`.execute(db);
  return rows.map((row) => row.name);
}

function databaseName(url: string): string {
  return `"${decodeURIComponent(new URL(url).pathname.slice(1))}"`;
}

function codeOf(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}
