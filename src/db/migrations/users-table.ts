import { sql, type Kysely } from 'kysely';
import { writeTransaction } from '../write-transaction.js';

/**
 * SQLite cannot alter a check: a migration that adds a role rebuilds `users` (0015 for
 * `red-list-editor`, 0019 for `heritage-assessor`). Such a migration runs in its `ownTransaction`.
 */
const USER_COLUMNS = 'id, organisation_id, email, display_name, password_hash, role, kind, created_at, disabled_at, disabled_by';

/** The users table as migrations 0001 and 0012 made it, but for the roles its check allows. */
const createUsersTable = (name: string, roles: readonly string[]) => `
  create table ${name} (
    id integer primary key autoincrement,
    organisation_id integer not null references organisations (id),
    email text unique,
    display_name text not null,
    password_hash text,
    role text not null check (role in (${roles.map((role) => `'${role}'`).join(', ')})),
    kind text not null check (kind in ('person', 'service')),
    created_at text not null,
    disabled_at text,
    disabled_by integer
  )`;

export async function rebuildUsers(db: Kysely<unknown>, roles: readonly string[]): Promise<void> {
  // `users` has no index but its email's and no trigger; any added since would be kept all the same.
  const extras = (
    await sql<{ sql: string }>`select sql from sqlite_master where tbl_name = 'users' and type in ('index', 'trigger') and sql is not null`.execute(db)
  ).rows;
  await sql`pragma foreign_keys = off`.execute(db);
  // Renaming must not rewrite the foreign keys of the tables that name `users` (it is gone then).
  await sql`pragma legacy_alter_table = on`.execute(db);
  try {
    await writeTransaction(db, async (trx) => {
      const sequence = (await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'users'`.execute(trx)).rows[0]?.seq;
      await sql.raw(createUsersTable('users_rebuilt', roles)).execute(trx);
      await sql.raw(`insert into users_rebuilt (${USER_COLUMNS}) select ${USER_COLUMNS} from users order by id`).execute(trx);
      await sql`drop table users`.execute(trx);
      await sql`alter table users_rebuilt rename to users`.execute(trx);
      // Ids are never reused, even those of people deleted since.
      if (sequence !== undefined) await sql`update sqlite_sequence set seq = max(seq, ${sequence}) where name = 'users'`.execute(trx);
      for (const extra of extras) await sql.raw(extra.sql).execute(trx);
      const broken = (await sql`pragma foreign_key_check`.execute(trx)).rows;
      if (broken.length > 0) throw new Error(`The rebuilt users table breaks ${broken.length} foreign keys.`);
    });
  } finally {
    await sql`pragma legacy_alter_table = off`.execute(db);
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
