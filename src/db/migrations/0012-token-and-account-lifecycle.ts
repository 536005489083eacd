import type { Kysely } from 'kysely';

/**
 * Tokens and people can be cut off. Each API token gets an expiry, who created and who revoked it
 * (it already had its id, label, service user — hence organisation and role —, creation and
 * revocation times); a person who is disabled records who did it. Tokens issued before this
 * migration keep working, with no expiry, until they are revoked.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'text').execute();
  await db.schema.alterTable('api_tokens').addColumn('created_by', 'integer').execute();
  await db.schema.alterTable('api_tokens').addColumn('revoked_by', 'integer').execute();
  await db.schema.alterTable('users').addColumn('disabled_by', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('disabled_by').execute();
  for (const column of ['revoked_by', 'created_by', 'expires_at']) await db.schema.alterTable('api_tokens').dropColumn(column).execute();
}
