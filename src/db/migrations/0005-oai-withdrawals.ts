import type { Kysely } from 'kysely';
import { createWithdrawalTriggers, dropWithdrawalTriggers } from '../sqlite/oai-withdrawal-triggers.js';

/**
 * OAI-PMH both ways:
 * - `oai_withdrawals`: objects that left the public alert list (recovered, unpublished, deleted),
 *   with when, so that the provider reports them as deleted records instead of letting harvesters
 *   keep a stale alert. Triggers fill it (see oai-withdrawal-triggers.ts): no code path can forget.
 * - `oai_harvests`: one row per harvested list (URL, format, set, organisation) with where the
 *   current run stands (its last resumption token), so that a harvest interrupted by a crash or an
 *   error resumes there, and when the last complete run started, so that the next one is incremental.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oai_withdrawals')
    .addColumn('object_id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oai_withdrawals_datestamp').on('oai_withdrawals').columns(['withdrawn_at', 'object_id']).execute();
  await createWithdrawalTriggers(db);

  await db.schema
    .createTable('oai_harvests')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('metadata_prefix', 'text', (c) => c.notNull())
    // '' when the whole repository is harvested, so that the list's key stays unique.
    .addColumn('set_spec', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('from_date', 'text')
    .addColumn('resumption_token', 'text')
    .addColumn('pages', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('records', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    // The server's date at the start of the current run, then of the last complete one: the next `from`.
    .addColumn('run_response_date', 'text')
    .addColumn('harvested_until', 'text')
    .addUniqueConstraint('oai_harvests_list', ['url', 'metadata_prefix', 'set_spec', 'organisation_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('oai_harvests').execute();
  await dropWithdrawalTriggers(db);
  await db.schema.dropTable('oai_withdrawals').execute();
}
