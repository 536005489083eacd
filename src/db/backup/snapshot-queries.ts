import { sql, type Kysely } from 'kysely';

/**
 * What a backup reads from a snapshot that an engine can query (SQLite's copy, PostgreSQL's
 * exported snapshot): the same SQL on both.
 */
export async function lastMigration<DB>(db: Kysely<DB>): Promise<string> {
  const last = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(db);
  return last.rows[0]?.name ?? '';
}

export async function countRows<DB>(db: Kysely<DB>, tables: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await sql<{ rows: number }>`select count(*) as rows from ${sql.table(table)}`.execute(db);
    counts[table] = Number(row.rows[0]!.rows);
  }
  return counts;
}

export async function textRows<DB, C extends string>(db: Kysely<DB>, table: string, columns: readonly C[]): Promise<Record<C, string | null>[]> {
  const rows = await sql<Record<C, unknown>>`select ${sql.join(columns.map((column) => sql.ref(column)))} from ${sql.table(table)}`.execute(db);
  return rows.rows.map((row) => Object.fromEntries(columns.map((column) => [column, row[column] === null ? null : String(row[column])])) as Record<C, string | null>);
}
