import { Kysely, Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../schema.js';
import { createSqliteDialect } from '../sqlite/sqlite-adapter.js';
import { migrationProvider } from './index.js';

const NOW = '2026-01-01T00:00:00.000Z';

async function schemaOf(db: Kysely<Database>, kind: 'index' | 'trigger'): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from sqlite_master where type = ${kind} and tbl_name = 'objects' and name not like 'sqlite_autoindex%' order by name`.execute(db);
  return rows.rows.map((row) => row.name);
}

async function insertObject(db: Kysely<Database>, seq: number, inventoryNumber: string, published = 0): Promise<void> {
  await sql`insert into objects (seq, id, organisation_id, inventory_number, status, title, object_type, description, sensitive, published, created_at, updated_at)
            values (${seq}, ${`obj-${seq}`}, 1, ${inventoryNumber}, 'stolen', ${`Title ${seq}`}, 'vase', '{}', '{}', ${published}, ${NOW}, ${NOW})`.execute(db);
  await sql`insert into object_materials (object_seq, material) values (${seq}, 'bronze')`.execute(db);
  await sql`insert into objects_fts (rowid, title, maker, classification, body) values (${seq}, ${`Title ${seq}`}, '', '', '')`.execute(db);
}

describe('migration 0009: optional, shareable inventory numbers', () => {
  let db: Kysely<Database> | undefined;
  afterEach(() => db?.destroy());

  it('keeps every row, seq, index, trigger and search hook of a filled registry, and then takes missing and shared numbers', async () => {
    db = new Kysely<Database>({ dialect: createSqliteDialect(':memory:') });
    // Outside a transaction, as migrateToLatest runs this migration (its `ownTransaction`).
    const migrator = new Migrator({ db, provider: migrationProvider, disableTransactions: true });
    expect((await migrator.migrateTo('0008-identify-visibility-version')).error).toBeUndefined();
    await sql`insert into organisations (id, slug, name, kind, created_at) values (1, 'm', 'Museum', 'museum', ${NOW})`.execute(db);
    await insertObject(db, 1, 'A-1', 1);
    await insertObject(db, 2, 'A-2');
    await insertObject(db, 5, 'A-5');
    await sql`delete from objects_fts where rowid = 5`.execute(db);
    await sql`delete from object_materials where object_seq = 5`.execute(db);
    await sql`delete from objects where seq = 5`.execute(db); // seq 5 was used: never again
    const indexesBefore = await schemaOf(db, 'index');
    const triggersBefore = await schemaOf(db, 'trigger');
    const countsBefore = (await sql`select * from object_facet_counts order by facet, value, published`.execute(db)).rows;

    // Up to this migration only: later ones add their own triggers on objects.
    expect((await migrator.migrateTo('0009-optional-inventory-numbers')).error).toBeUndefined();

    expect(await db.selectFrom('objects').select(['seq', 'id', 'inventory_number', 'title']).orderBy('seq').execute()).toEqual([
      { seq: 1, id: 'obj-1', inventory_number: 'A-1', title: 'Title 1' },
      { seq: 2, id: 'obj-2', inventory_number: 'A-2', title: 'Title 2' },
    ]);
    expect(await schemaOf(db, 'index')).toEqual([...indexesBefore, 'objects_org_inventory'].sort());
    expect(await schemaOf(db, 'trigger')).toEqual(triggersBefore);
    expect((await sql`select * from object_facet_counts order by facet, value, published`.execute(db)).rows).toEqual(countsBefore);
    expect((await sql`pragma foreign_keys`.execute(db)).rows).toEqual([{ foreign_keys: 1 }]);
    expect((await sql`select rowid from objects_fts where objects_fts match 'title' order by rowid`.execute(db)).rows).toEqual([{ rowid: 1 }, { rowid: 2 }]);

    // Missing and shared numbers now fit; the triggers still count and tombstone.
    await sql`insert into objects (id, organisation_id, inventory_number, status, title, description, sensitive, created_at, updated_at)
              values ('no-number', 1, null, 'in-collection', 'x', '{}', '{}', ${NOW}, ${NOW}), ('shared', 1, 'A-1', 'in-collection', 'y', '{}', '{}', ${NOW}, ${NOW})`.execute(db);
    expect((await sql<{ seq: number }>`select seq from objects where id = 'no-number'`.execute(db)).rows[0]!.seq).toBe(6);
    expect((await sql<{ n: number }>`select n from object_facet_counts where facet = 'status' and value = 'in-collection'`.execute(db)).rows).toEqual([{ n: 2 }]);
    await sql`update objects set published = 0 where seq = 1`.execute(db);
    expect((await sql`select object_id from oai_withdrawals`.execute(db)).rows).toEqual([{ object_id: 'obj-1' }]);
    // A child row still needs its object.
    await expect(sql`insert into object_materials (object_seq, material) values (99, 'gold')`.execute(db)).rejects.toThrow(/FOREIGN KEY/);

    // Reverting refuses while numbers are shared or missing, and leaves the table as it was.
    expect((await migrator.migrateTo('0008-identify-visibility-version')).error).toBeDefined();
    expect(await db.selectFrom('objects').select('id').where('inventory_number', 'is', null).execute()).toEqual([{ id: 'no-number' }]);
    await sql`delete from objects where id in ('no-number', 'shared')`.execute(db);
    expect((await migrator.migrateTo('0008-identify-visibility-version')).error).toBeUndefined();
    await expect(sql`insert into objects (id, organisation_id, inventory_number, status, title, description, sensitive, created_at, updated_at)
              values ('again', 1, 'A-2', 'in-collection', 'z', '{}', '{}', ${NOW}, ${NOW})`.execute(db)).rejects.toThrow(/UNIQUE/);
  });
});
