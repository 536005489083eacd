import { sql, type Kysely } from 'kysely';

/**
 * Two-factor sign-in (src/auth/two-factor.service.ts): each person's TOTP secret (confirmed once a
 * first code proved the authenticator app holds it) with the last time step accepted, so a code is
 * never accepted twice; recovery codes, stored as SHA-256 hashes; and half-finished sign-ins (the
 * password was right, the second factor or the enrolment is still due), stored as the hash of the
 * secret their cookie holds. Every existing session ends: people sign in again, through the second step.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('user_totp')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('last_used_step', 'integer')
    .execute();
  await db.schema
    .createTable('recovery_codes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('recovery_codes_user').on('recovery_codes').columns(['user_id', 'code_hash']).execute();
  await db.schema
    .createTable('pending_sign_ins')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('next_path', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await sql`delete from sessions`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['pending_sign_ins', 'recovery_codes', 'user_totp']) await db.schema.dropTable(table).execute();
}
