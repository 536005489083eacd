import { Kysely, Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../schema.js';
import { createSqliteDialect } from '../sqlite/sqlite-adapter.js';
import { migrationProvider } from './index.js';

const NOW = '2026-01-01T00:00:00.000Z';

describe('migration 0019: heritage places and the heritage-assessor role', () => {
  let db: Kysely<Database> | undefined;
  afterEach(() => db?.destroy());

  it('keeps every user, then takes heritage assessors; back down only once none is left', async () => {
    db = new Kysely<Database>({ dialect: createSqliteDialect(':memory:') });
    // Outside a transaction, as migrateToLatest runs this migration (its `ownTransaction`).
    const migrator = new Migrator({ db, provider: migrationProvider, disableTransactions: true });
    expect((await migrator.migrateTo('0016-customs-checks')).error).toBeUndefined();
    await sql`insert into organisations (id, slug, name, kind, created_at) values (1, 'secretariat', 'Secretariat', 'secretariat', ${NOW})`.execute(db);
    await sql`insert into users (id, organisation_id, email, display_name, password_hash, role, kind, created_at) values
              (1, 1, 'ada@example.org', 'Ada', 'x', 'admin', 'person', ${NOW}), (2, 1, 'cy@example.org', 'Cy', 'x', 'red-list-editor', 'person', ${NOW})`.execute(db);
    const before = await db.selectFrom('users').selectAll().orderBy('id').execute();

    expect((await migrator.migrateTo('0019-heritage-places')).error).toBeUndefined();

    expect(await db.selectFrom('users').selectAll().orderBy('id').execute()).toEqual(before);
    expect((await sql`pragma foreign_key_check`.execute(db)).rows).toEqual([]);
    await sql`insert into users (organisation_id, email, display_name, password_hash, role, kind, created_at) values (1, 'di@example.org', 'Di', 'x', 'heritage-assessor', 'person', ${NOW})`.execute(db);
    await expect(sql`insert into users (organisation_id, email, display_name, role, kind, created_at) values (1, 'x@example.org', 'X', 'curator', 'person', ${NOW})`.execute(db)).rejects.toThrow(/CHECK/);

    expect((await migrator.migrateTo('0016-customs-checks')).error).toBeDefined();
    await db.deleteFrom('users').where('role', '=', 'heritage-assessor').execute();
    expect((await migrator.migrateTo('0016-customs-checks')).error).toBeUndefined();
    expect(await db.selectFrom('users').selectAll().orderBy('id').execute()).toEqual(before);
  });
});
