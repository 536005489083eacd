import { sql, type Kysely } from 'kysely';
import { writeTransaction } from '../write-transaction.js';

/** `pragma foreign_keys = off` does nothing inside a transaction: the rebuild makes its own, with them off. */
export const ownTransaction = true;

/**
 * Real registers have objects without an inventory number and numbers shared by several objects:
 * `objects.inventory_number` becomes nullable and is no longer unique per organisation (imported
 * records are told apart by their source id; the service still refuses a number typed twice by
 * hand). SQLite changes neither in place, so the table is rebuilt as its documentation says
 * (https://sqlite.org/lang_altertable.html#otheralter): foreign keys off, a new table filled with
 * every row (seqs kept: the full-text index and child tables are keyed on them), the old one
 * dropped, the new one renamed, then every index and trigger on it created again — those of
 * migrations 0002 to 0008 plus an index that keeps look-ups by number fast.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await rebuildObjects(db, { nullableNumber: true });
}

/** Back to unique, required numbers: fails (and changes nothing) while objects without one or sharing one exist. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await rebuildObjects(db, { nullableNumber: false });
}

const OBJECT_COLUMNS = [
  'seq', 'id', 'organisation_id', 'inventory_number', 'status', 'title', 'object_type', 'description', 'sensitive',
  'earliest_year', 'latest_year', 'height_cm', 'width_cm', 'depth_cm', 'diameter_cm', 'weight_kg', 'country',
  'published', 'reported', 'version', 'created_at', 'updated_at', 'created_by', 'updated_by', 'source_id',
].join(', ');

/** The objects table as migrations 0002 and 0004 made it, but for the inventory number. */
const createObjectsTable = (name: string, nullableNumber: boolean) => `
  create table ${name} (
    seq integer primary key autoincrement,
    id text not null unique,
    organisation_id integer not null references organisations (id),
    inventory_number text${nullableNumber ? '' : ' not null'},
    status text not null,
    title text not null,
    object_type text,
    description text not null,
    sensitive text not null,
    earliest_year integer,
    latest_year integer,
    height_cm real,
    width_cm real,
    depth_cm real,
    diameter_cm real,
    weight_kg real,
    country text,
    published integer default 0 not null,
    reported integer default 0 not null,
    version integer default 1 not null,
    created_at text not null,
    updated_at text not null,
    created_by integer references users (id),
    updated_by integer references users (id),
    source_id text${nullableNumber ? '' : ',\n    constraint objects_org_inventory unique (organisation_id, inventory_number)'}
  )`;

/** Indexes on objects from migrations 0002 (per column), 0003 (search) and 0004 (source ids). */
const OBJECT_INDEXES = [
  'create index objects_published on objects (published, updated_at)',
  'create index objects_reported on objects (reported)',
  'create index objects_org_status on objects (organisation_id, status)',
  'create index objects_status on objects (status)',
  'create index objects_type on objects (object_type)',
  'create index objects_country on objects (country)',
  'create index objects_years on objects (earliest_year, latest_year)',
  'create index objects_height on objects (height_cm)',
  'create index objects_width on objects (width_cm)',
  'create index objects_search on objects (seq, organisation_id, published, reported, status, object_type, country, earliest_year, latest_year, height_cm, width_cm, depth_cm, weight_kg, updated_at)',
  'create index objects_scope on objects (organisation_id, published, reported, seq, status, object_type, country, earliest_year, latest_year, height_cm, width_cm, depth_cm, weight_kg, updated_at)',
  'create index objects_updated on objects (updated_at, seq, organisation_id, published, reported)',
  'create unique index objects_org_source on objects (organisation_id, source_id) where source_id is not null',
];

async function rebuildObjects(db: Kysely<unknown>, { nullableNumber }: { nullableNumber: boolean }): Promise<void> {
  // The triggers on objects are dropped with it; those of other tables that name it stay, and are
  // read again once the new table has its name.
  const triggers = (
    await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'objects'`.execute(db)
  ).rows;
  await sql`pragma foreign_keys = off`.execute(db);
  // Renaming must not rewrite the triggers of other tables that name `objects` (it is gone then).
  await sql`pragma legacy_alter_table = on`.execute(db);
  try {
    await writeTransaction(db, async (trx) => {
      const sequence = (await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'objects'`.execute(trx)).rows[0]?.seq;
      await sql.raw(createObjectsTable('objects_rebuilt', nullableNumber)).execute(trx);
      await sql.raw(`insert into objects_rebuilt (${OBJECT_COLUMNS}) select ${OBJECT_COLUMNS} from objects order by seq`).execute(trx);
      await sql`drop table objects`.execute(trx);
      await sql`alter table objects_rebuilt rename to objects`.execute(trx);
      // Seqs are never reused, even those of objects deleted since.
      if (sequence !== undefined) await sql`update sqlite_sequence set seq = max(seq, ${sequence}) where name = 'objects'`.execute(trx);
      for (const index of OBJECT_INDEXES) await sql.raw(index).execute(trx);
      if (nullableNumber) await sql`create index objects_org_inventory on objects (organisation_id, inventory_number)`.execute(trx);
      // The objects triggers come from oai-withdrawal-triggers.ts, visibility-triggers.ts and the search
      // aggregates (registry-search-schema.ts): recreated as they were stored, whatever created them.
      for (const trigger of triggers) await sql.raw(trigger.sql).execute(trx);
      const broken = (await sql`pragma foreign_key_check`.execute(trx)).rows;
      if (broken.length > 0) throw new Error(`The rebuilt objects table breaks ${broken.length} foreign keys.`);
    });
  } finally {
    await sql`pragma legacy_alter_table = off`.execute(db);
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
