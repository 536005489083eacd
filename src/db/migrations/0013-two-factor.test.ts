import { Kysely, Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../schema.js';
import { createSqliteDialect } from '../sqlite/sqlite-adapter.js';
import { migrationProvider } from './index.js';

const NOW = '2026-01-01T00:00:00.000Z';

describe('migration 0013: two-factor sign-in', () => {
  let db: Kysely<Database> | undefined;
  afterEach(() => db?.destroy());

  it('ends every session, so that people sign in again through the second step, and keeps the people', async () => {
    db = new Kysely<Database>({ dialect: createSqliteDialect(':memory:') });
    const migrator = new Migrator({ db, provider: migrationProvider });
    expect((await migrator.migrateTo('0012-token-and-account-lifecycle')).error).toBeUndefined();
    await sql`insert into organisations (id, slug, name, kind, created_at) values (1, 'secretariat', 'Secretariat', 'secretariat', ${NOW})`.execute(db);
    await sql`insert into users (id, organisation_id, email, display_name, password_hash, role, kind, created_at) values (1, 1, 'ada@example.org', 'Ada', 'x', 'admin', 'person', ${NOW})`.execute(db);
    await sql`insert into sessions (token_hash, user_id, created_at, expires_at) values ('h', 1, ${NOW}, '2999-01-01T00:00:00.000Z')`.execute(db);

    expect((await migrator.migrateToLatest()).error).toBeUndefined();

    expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('users').select('email').execute()).toEqual([{ email: 'ada@example.org' }]);
    expect(await db.selectFrom('user_totp').selectAll().execute()).toEqual([]);
    // Deleting a person deletes their second factor with them.
    await db.insertInto('user_totp').values({ user_id: 1, secret: 'JBSWY3DP', created_at: NOW, confirmed_at: NOW, last_used_step: 1 }).execute();
    await db.insertInto('recovery_codes').values({ user_id: 1, code_hash: 'c', created_at: NOW, used_at: null }).execute();
    await sql`pragma foreign_keys = on`.execute(db);
    await db.deleteFrom('users').where('id', '=', 1).execute();
    expect(await db.selectFrom('user_totp').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('recovery_codes').selectAll().execute()).toEqual([]);
  });
});
