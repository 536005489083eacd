import type { Kysely } from 'kysely';
import { createAuditTriggers, dropAuditTriggers } from '../sqlite/audit-triggers.js';

/**
 * The audit trail: who saw what, who searched, identified, exported, signed in and changed accounts.
 * Each entry holds the hash of the previous one and its own (see src/db/audit-chain.ts), and
 * triggers make the table append-only. No foreign keys: an entry outlives the user or token it names.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_entries')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'integer')
    .addColumn('actor_token_id', 'integer')
    .addColumn('actor_name', 'text')
    .addColumn('client_address', 'text')
    .addColumn('organisation_id', 'integer')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_entries_at').on('audit_entries').column('at').execute();
  await db.schema.createIndex('audit_entries_organisation').on('audit_entries').columns(['organisation_id', 'id']).execute();
  await db.schema.createIndex('audit_entries_actor').on('audit_entries').columns(['actor_user_id', 'id']).execute();
  await db.schema.createIndex('audit_entries_action').on('audit_entries').columns(['action', 'id']).execute();
  await createAuditTriggers(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropAuditTriggers(db);
  await db.schema.dropTable('audit_entries').execute();
}
