import { fileURLToPath } from 'node:url';
import { Kysely, sql } from 'kysely';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../database.js';
import type { Database } from '../schema.js';
import { createDatabase, startPostgresCluster, type PostgresCluster } from '../../test-support/postgres-cluster.js';
import { createPostgresDialect } from './postgres-dialect.js';

/**
 * Both migration sets (src/db/migrations for SQLite, src/db/postgres/migrations) must reach the
 * schema db/schema.ts describes: every table of its `Database` interface with exactly its columns,
 * each of the same kind and nullability, the same foreign keys and the same unique keys on both.
 * PostgreSQL runs here whatever EGIDE_TEST_DIALECT says (a cluster of its own): a missing server fails.
 */

/** `Database`'s tables and their columns, read from db/schema.ts by the TypeScript compiler. */
function declaredTables(): Map<string, string[]> {
  const file = fileURLToPath(new URL('../schema.ts', import.meta.url));
  const program = ts.createProgram([file], { strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const database = source.statements.find((node): node is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(node) && node.name.text === 'Database')!;
  const tables = new Map<string, string[]>();
  for (const table of checker.getTypeAtLocation(database).getProperties()) {
    const columns = checker.getTypeOfSymbolAtLocation(table, database).getProperties();
    tables.set(table.name, columns.map((column) => column.name).sort());
  }
  return tables;
}

interface Column {
  name: string;
  /** SQLite's storage classes: integer, real, text, blob. */
  kind: string;
  nullable: boolean;
}

interface EngineSchema {
  columns(table: string): Promise<Column[]>;
  /** "column → table.column on delete ACTION", one per foreign key column. */
  foreignKeys(table: string): Promise<string[]>;
  /** The column lists of primary keys and unique constraints or indexes, "(a, b)" ("… where …" when partial). */
  uniqueKeys(table: string): Promise<string[]>;
}

const ON_DELETE: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };
const PG_KINDS: Record<string, string> = { bigint: 'integer', integer: 'integer', 'double precision': 'real', text: 'text', bytea: 'blob' };

function sqliteSchema(db: Kysely<Database>): EngineSchema {
  const pragma = async <T,>(name: string, argument: string) => (await sql<T>`select * from ${sql.raw(`pragma_${name}`)}(${argument})`.execute(db)).rows;
  return {
    async columns(table) {
      const rows = await pragma<{ name: string; type: string; notnull: number; pk: number }>('table_info', table);
      return rows.map((row) => ({ name: row.name, kind: row.type.toLowerCase(), nullable: row.notnull === 0 && row.pk === 0 }));
    },
    async foreignKeys(table) {
      const rows = await pragma<{ table: string; from: string; to: string; on_delete: string }>('foreign_key_list', table);
      return rows.map((row) => `${row.from} → ${row.table}.${row.to} on delete ${row.on_delete}`);
    },
    async uniqueKeys(table) {
      const keys = [];
      const primary = (await pragma<{ name: string; pk: number }>('table_info', table)).filter((row) => row.pk > 0).sort((a, b) => a.pk - b.pk);
      if (primary.length > 0) keys.push(`(${primary.map((row) => row.name).join(', ')})`);
      for (const index of await pragma<{ name: string; unique: number; partial: number }>('index_list', table)) {
        if (index.unique === 0) continue;
        const columns = (await pragma<{ name: string }>('index_info', index.name)).map((row) => row.name);
        const where = index.partial ? ' partial' : '';
        keys.push(`(${columns.join(', ')})${where}`);
      }
      return [...new Set(keys)].sort();
    },
  };
}

function postgresSchema(db: Kysely<Database>): EngineSchema {
  return {
    async columns(table) {
      const rows = (
        await sql<{ name: string; type: string; nullable: string }>`
          select column_name as name, data_type as type, is_nullable as nullable from information_schema.columns
          where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db)
      ).rows;
      return rows.map((row) => ({ name: row.name, kind: PG_KINDS[row.type] ?? row.type, nullable: row.nullable === 'YES' }));
    },
    async foreignKeys(table) {
      const rows = (
        await sql<{ from: string; target: string; to: string; action: string }>`
          select a.attname as from, t.relname as target, ta.attname as to, c.confdeltype as action
          from pg_constraint c
          cross join lateral unnest(c.conkey, c.confkey) as k(col, target_col)
          join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.col
          join pg_class t on t.oid = c.confrelid
          join pg_attribute ta on ta.attrelid = c.confrelid and ta.attnum = k.target_col
          where c.contype = 'f' and c.conrelid = ${table}::regclass`.execute(db)
      ).rows;
      return rows.map((row) => `${row.from} → ${row.target}.${row.to} on delete ${ON_DELETE[row.action]}`);
    },
    async uniqueKeys(table) {
      const rows = (
        await sql<{ columns: string[]; partial: boolean }>`
          select array(select a.attname from unnest(i.indkey) with ordinality as k(col, n) join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.col order by k.n)::text[] as columns,
                 i.indpred is not null as partial
          from pg_index i where i.indisunique and i.indrelid = ${table}::regclass`.execute(db)
      ).rows;
      return [...new Set(rows.map((row) => `(${row.columns.join(', ')})${row.partial ? ' partial' : ''}`))].sort();
    },
  };
}

describe('schema parity between the SQLite and PostgreSQL migrations', () => {
  let cluster: PostgresCluster;
  let postgres: Kysely<Database>;
  let sqlite: DatabaseHandle;
  let engines: Array<[string, EngineSchema]>;
  const tables = declaredTables();

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    postgres = new Kysely<Database>({ dialect: createPostgresDialect(await createDatabase(cluster.adminUrl, 'parity')).dialect });
    await migrateToLatest(postgres, 'postgres');
    sqlite = await openDatabase({ memory: true });
    engines = [
      ['sqlite', sqliteSchema(sqlite.db)],
      ['postgres', postgresSchema(postgres)],
    ];
  });

  afterAll(async () => {
    await sqlite?.close();
    await postgres?.destroy();
    cluster?.stop();
  });

  it('reads the tables of db/schema.ts', () => {
    expect(tables.get('objects')).toContain('seq');
    expect(tables.size).toBeGreaterThanOrEqual(26);
  });

  it('has every table of db/schema.ts with exactly its columns, on both engines', async () => {
    for (const [engine, schema] of engines) {
      for (const [table, columns] of tables) {
        const found = (await schema.columns(table)).map((column) => column.name).sort();
        expect({ engine, table, columns: found }).toEqual({ engine, table, columns });
      }
    }
  });

  it('gives each column the same kind and nullability on both engines', async () => {
    const [[, lite], [, pg]] = engines as [[string, EngineSchema], [string, EngineSchema]];
    for (const table of tables.keys()) {
      const byName = (columns: Column[]) => columns.sort((a, b) => a.name.localeCompare(b.name));
      expect({ table, columns: byName(await pg.columns(table)) }).toEqual({ table, columns: byName(await lite.columns(table)) });
    }
  });

  it('has the same foreign keys and unique keys on both engines', async () => {
    const [[, lite], [, pg]] = engines as [[string, EngineSchema], [string, EngineSchema]];
    for (const table of tables.keys()) {
      expect({ table, foreignKeys: (await pg.foreignKeys(table)).sort() }).toEqual({ table, foreignKeys: (await lite.foreignKeys(table)).sort() });
      expect({ table, uniqueKeys: await pg.uniqueKeys(table) }).toEqual({ table, uniqueKeys: await lite.uniqueKeys(table) });
    }
  });
});
