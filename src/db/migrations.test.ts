import { Kysely, Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, startPostgresCluster, type PostgresCluster } from '../test-support/postgres-cluster.js';
import { migrateToLatest, MigrationError, type Db, type DialectName } from './database.js';
import { migrationProvider } from './migrations/index.js';
import { postgresMigrationProvider } from './postgres/migrations/index.js';
import { createPostgresDialect } from './postgres/postgres-dialect.js';
import type { Database } from './schema.js';
import { createSqliteDialect } from './sqlite/sqlite-adapter.js';

/** The dialect's migrations and one more, last, that makes a table and a column and then fails. */
function withFailingMigration(provider: MigrationProvider, up: (db: Kysely<unknown>) => Promise<void>): MigrationProvider {
  const failing: Migration = { up };
  return { getMigrations: async () => ({ ...(await provider.getMigrations()), '9999-fails-halfway': failing }) };
}

const PROVIDERS: Record<DialectName, MigrationProvider> = { sqlite: migrationProvider, postgres: postgresMigrationProvider };

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
});
afterAll(() => cluster?.stop());

async function openEmpty(dialect: DialectName, name: string): Promise<Db> {
  if (dialect === 'sqlite') return new Kysely<Database>({ dialect: createSqliteDialect(':memory:') });
  return new Kysely<Database>({ dialect: createPostgresDialect(await createDatabase(cluster.adminUrl, name)).dialect });
}

async function schemaOf(db: Db, dialect: DialectName): Promise<{ tables: string[]; objectColumns: string[]; migrations: string[] }> {
  const tables = (await db.introspection.getTables({ withInternalKyselyTables: true })).map((table) => table.name).sort();
  const objectColumns = (await db.introspection.getTables()).find((table) => table.name === 'objects')!.columns.map((column) => column.name).sort();
  const migrations = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map((row) => row.name);
  expect(migrations.length, dialect).toBeGreaterThan(0);
  return { tables, objectColumns, migrations };
}

describe.each(['sqlite', 'postgres'] as const)('a migration that fails (%s)', (dialect) => {
  it('leaves the schema and kysely_migration at the previous version, and the next start migrates', async () => {
    const db = await openEmpty(dialect, 'fails_halfway');
    try {
      await migrateToLatest(db, dialect);
      const before = await schemaOf(db, dialect);

      const failing = withFailingMigration(PROVIDERS[dialect], async (trx) => {
        await trx.schema.createTable('half_done').addColumn('id', 'integer').execute();
        await sql`alter table objects add column half_done text`.execute(trx);
        throw new Error('the second step found a problem');
      });
      const failed = await migrateToLatest(db, dialect, failing).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(MigrationError);
      expect((failed as Error).message).toBe('Database migration "9999-fails-halfway" failed: the second step found a problem');
      expect(await schemaOf(db, dialect)).toEqual(before);

      // Fixed, it runs from the previous version.
      await migrateToLatest(db, dialect, withFailingMigration(PROVIDERS[dialect], async (trx) => {
        await trx.schema.createTable('half_done').addColumn('id', 'integer').execute();
      }));
      const after = await schemaOf(db, dialect);
      expect(after.migrations).toEqual([...before.migrations, '9999-fails-halfway']);
      expect(after.tables).toEqual([...before.tables, 'half_done'].sort());
    } finally {
      await db.destroy();
    }
  });
});

describe('SQLite migrations that make their own transaction', () => {
  it('run outside one: 0009 rebuilds a filled objects table with foreign keys off', async () => {
    const db = await openEmpty('sqlite', 'unused');
    try {
      expect((await new Migrator({ db, provider: migrationProvider }).migrateTo('0008-identify-visibility-version')).error).toBeUndefined();
      const now = new Date().toISOString();
      await sql`insert into organisations (id, slug, name, kind, created_at) values (1, 'm', 'Museum', 'museum', ${now})`.execute(db);
      await sql`insert into objects (seq, id, organisation_id, inventory_number, status, title, description, sensitive, created_at, updated_at)
                values (1, 'o1', 1, 'A-1', 'in-collection', 'Bowl', '{}', '{}', ${now}, ${now})`.execute(db);
      // A child row: inside a transaction, dropping its parent table would break its foreign key.
      await sql`insert into object_materials (object_seq, material) values (1, 'clay')`.execute(db);
      await migrateToLatest(db, 'sqlite');
      expect(await db.selectFrom('object_materials').select(['object_seq', 'material']).execute()).toEqual([{ object_seq: 1, material: 'clay' }]);
      expect((await sql`pragma foreign_keys`.execute(db)).rows).toEqual([{ foreign_keys: 1 }]);
    } finally {
      await db.destroy();
    }
  });
});
