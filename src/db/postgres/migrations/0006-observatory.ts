import { sql, type Kysely } from 'kysely';
import { createObservatoryTriggers, dropObservatoryTriggers } from '../observatory-triggers.js';

/** The observatory's changed objects and data version, as SQLite's migration 0017 (db/schema.ts). */
const TEXT = 'text collate "C"';
const INT = 'bigint';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `alter table incidents add column place_kind ${TEXT}`,
    `create table observatory_changes (version ${INT} not null, object_seq ${INT} not null)`,
    `create index observatory_changes_version on observatory_changes (version)`,
    `create table observatory_dirty (object_seq ${INT} primary key)`,
    `create table observatory_state (id ${INT} primary key, version ${INT} not null, updated_at ${TEXT} not null)`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
  await sql`insert into observatory_state (id, version, updated_at) values (1, 0, ${new Date().toISOString()})`.execute(db);
  await createObservatoryTriggers(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropObservatoryTriggers(db);
  for (const table of ['observatory_state', 'observatory_dirty', 'observatory_changes']) await sql.raw(`drop table ${table}`).execute(db);
  await sql`alter table incidents drop column place_kind`.execute(db);
}
