import { sql, type Kysely } from 'kysely';

/** History rows whose `changes` put the object in stolen or missing (the dispatcher checks the rest). */
const ENTERS_ALERT = `json_extract(new.changes, '$.status[1]') in ('stolen', 'missing')`;

/**
 * Alerts (src/alerts/, db/schema-alerts.ts): the history rows to dispatch, queued by a trigger in
 * the transaction that writes them — a cursor over history ids would skip a row whose transaction
 * commits after a later id's (PostgreSQL hands ids out before commit) —, the alerts raised, each
 * listener's handling, subscriptions, the outbox and its attempts, in-app alerts and digest items.
 * PostgreSQL: migration 0011.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('alert_dispatch_queue')
    .addColumn('history_id', 'integer', (c) => c.primaryKey().references('object_history.id'))
    .addColumn('enqueued_at', 'text', (c) => c.notNull())
    .execute();
  await sql
    .raw(
      `create trigger object_history_alert_queue after insert on object_history when ${ENTERS_ALERT}
       begin insert into alert_dispatch_queue (history_id, enqueued_at) values (new.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')); end`,
    )
    .execute(db);
  await db.schema
    .createTable('alert_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('history_id', 'integer', (c) => c.notNull().unique().references('object_history.id'))
    .addColumn('object_seq', 'integer', (c) => c.notNull().references('objects.seq'))
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published', 'integer', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('alert_listener_runs')
    .addColumn('event_id', 'integer', (c) => c.notNull().references('alert_events.id'))
    .addColumn('listener', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_listener_runs_pk', ['event_id', 'listener'])
    .execute();
  await db.schema.createIndex('alert_listener_runs_open').on('alert_listener_runs').columns(['state', 'updated_at']).execute();
  await db.schema
    .createTable('alert_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('query', 'text')
    .addColumn('in_app', 'integer', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('webhook_id', 'integer')
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('unsubscribe_token', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_subscriptions_by_user').on('alert_subscriptions').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('alert_subscriptions_by_kind').on('alert_subscriptions').column('kind').execute();
  await db.schema
    .createTable('alert_subscription_objects')
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('alert_subscriptions.id'))
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_subscription_objects_pk', ['subscription_id', 'object_id'])
    .execute();
  await db.schema.createIndex('alert_subscription_objects_by_object').on('alert_subscription_objects').column('object_id').execute();
  await db.schema
    .createTable('alert_outbox')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('alert_outbox_due').on('alert_outbox').columns(['state', 'due_at']).execute();
  await db.schema
    .createTable('alert_outbox_attempts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('outbox_id', 'integer', (c) => c.notNull().references('alert_outbox.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_outbox_attempts_by_item').on('alert_outbox_attempts').columns(['outbox_id', 'at']).execute();
  await db.schema
    .createTable('alert_inbox')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('object_id', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('alert_inbox_by_user').on('alert_inbox').columns(['user_id', 'created_at']).execute();
  await db.schema
    .createTable('alert_digest_items')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('alert_digest_items_by_user').on('alert_digest_items').columns(['user_id', 'sent_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists object_history_alert_queue`.execute(db);
  for (const table of [
    'alert_digest_items', 'alert_inbox', 'alert_outbox_attempts', 'alert_outbox', 'alert_subscription_objects',
    'alert_subscriptions', 'alert_listener_runs', 'alert_events', 'alert_dispatch_queue',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
