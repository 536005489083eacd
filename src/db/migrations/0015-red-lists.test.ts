import { Kysely, Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../schema.js';
import { createSqliteDialect } from '../sqlite/sqlite-adapter.js';
import { migrationProvider } from './index.js';

const NOW = '2026-01-01T00:00:00.000Z';

describe('migration 0015: Red Lists and the red-list-editor role', () => {
  let db: Kysely<Database> | undefined;
  afterEach(() => db?.destroy());

  it('keeps every user, id and reference, and then takes Red List editors', async () => {
    db = new Kysely<Database>({ dialect: createSqliteDialect(':memory:') });
    // Outside a transaction, as migrateToLatest runs this migration (its `ownTransaction`).
    const migrator = new Migrator({ db, provider: migrationProvider, disableTransactions: true });
    expect((await migrator.migrateTo('0014-shared-state')).error).toBeUndefined();
    await sql`insert into organisations (id, slug, name, kind, created_at) values (1, 'secretariat', 'Secretariat', 'secretariat', ${NOW})`.execute(db);
    await sql`insert into users (id, organisation_id, email, display_name, password_hash, role, kind, created_at) values
              (1, 1, 'ada@example.org', 'Ada', 'x', 'admin', 'person', ${NOW}), (4, 1, null, 'Service', null, 'registrar', 'service', ${NOW})`.execute(db);
    await sql`delete from users where id = 4`.execute(db); // id 4 was used: never again
    await sql`insert into users (id, organisation_id, email, display_name, password_hash, role, kind, created_at) values (3, 1, 'bo@example.org', 'Bo', 'x', 'investigator', 'person', ${NOW})`.execute(db);
    await sql`insert into sessions (token_hash, user_id, created_at, expires_at) values ('h', 1, ${NOW}, '2999-01-01T00:00:00.000Z')`.execute(db);
    const before = await db.selectFrom('users').selectAll().orderBy('id').execute();

    expect((await migrator.migrateToLatest()).error).toBeUndefined();

    expect(await db.selectFrom('users').selectAll().orderBy('id').execute()).toEqual(before);
    expect((await sql`pragma foreign_keys`.execute(db)).rows).toEqual([{ foreign_keys: 1 }]);
    expect((await sql`pragma foreign_key_check`.execute(db)).rows).toEqual([]);
    await sql`insert into users (organisation_id, email, display_name, password_hash, role, kind, created_at) values (1, 'cy@example.org', 'Cy', 'x', 'red-list-editor', 'person', ${NOW})`.execute(db);
    expect(await db.selectFrom('users').select(['id', 'role']).where('email', '=', 'cy@example.org').executeTakeFirst()).toEqual({ id: 5, role: 'red-list-editor' });
    await expect(sql`insert into users (organisation_id, email, display_name, role, kind, created_at) values (1, 'x@example.org', 'X', 'curator', 'person', ${NOW})`.execute(db)).rejects.toThrow(/CHECK/);
    await expect(sql`insert into users (organisation_id, email, display_name, role, kind, created_at) values (1, 'ada@example.org', 'Twin', 'admin', 'person', ${NOW})`.execute(db)).rejects.toThrow(/UNIQUE/);
    // Deleting a person still deletes their sessions.
    await db.deleteFrom('users').where('id', '=', 1).execute();
    expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([]);

    // Back down: refused while a Red List editor exists, then done once none does.
    expect((await migrator.migrateTo('0014-shared-state')).error).toBeDefined();
    await db.deleteFrom('users').where('role', '=', 'red-list-editor').execute();
    expect((await migrator.migrateTo('0014-shared-state')).error).toBeUndefined();
    expect(await db.selectFrom('users').select('email').execute()).toEqual([{ email: 'bo@example.org' }]);
  });
});
