import type { Db } from '../../db/database.js';
import type { WebhookAttemptTable, WebhookTable } from '../../db/schema-webhooks.js';
import type { Insertable, Selectable } from 'kysely';

export type WebhookRow = Selectable<WebhookTable> & { organisation_slug: string; organisation_name: string; owner_name: string };
export type WebhookAttemptRow = Selectable<WebhookAttemptTable>;
export type NewWebhookAttempt = Insertable<WebhookAttemptTable>;

const CURRENT_KEY = 'current';

/** Every read and write of webhooks, their delivery log and the key sealing their secrets. */
export class WebhookRepository {
  constructor(private readonly db: Db) {}

  /** The key kept in the database, made by whichever instance asks first (`make` gives a new one). */
  async secretKey(make: () => string, now: string): Promise<string> {
    await this.db.insertInto('webhook_secret_keys').values({ slot: CURRENT_KEY, key: make(), created_at: now }).onConflict((oc) => oc.column('slot').doNothing()).execute();
    return (await this.db.selectFrom('webhook_secret_keys').select('key').where('slot', '=', CURRENT_KEY).executeTakeFirstOrThrow()).key;
  }

  async insert(row: Omit<Insertable<WebhookTable>, 'id'>): Promise<number> {
    return (await this.db.insertInto('webhooks').values(row).returning('id').executeTakeFirstOrThrow()).id;
  }

  async find(id: number): Promise<WebhookRow | undefined> {
    return this.withNames().where('webhooks.id', '=', id).executeTakeFirst();
  }

  /** Newest first; `organisationId` undefined: every organisation's. */
  async list(organisationId: number | undefined): Promise<WebhookRow[]> {
    return this.withNames()
      .$if(organisationId !== undefined, (query) => query.where('webhooks.organisation_id', '=', organisationId!))
      .orderBy('webhooks.created_at', 'desc')
      .orderBy('webhooks.id', 'desc')
      .execute();
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('webhooks').where('id', '=', id).execute();
  }

  async pause(id: number, reason: 'owner' | 'failures', at: string): Promise<boolean> {
    const result = await this.db.updateTable('webhooks').set({ status: 'paused', pause_reason: reason, paused_at: at, updated_at: at }).where('id', '=', id).where('status', '=', 'active').executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Pauses the webhook for its failures if it has failed `threshold` times in a row and is active:
   * true for the one caller that paused it (whose owner is told once, whatever the instances).
   */
  async pauseAfterFailures(id: number, threshold: number, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('webhooks')
      .set({ status: 'paused', pause_reason: 'failures', paused_at: at, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .where('consecutive_failures', '>=', threshold)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Active again, its failure count cleared. */
  async resume(id: number, at: string): Promise<void> {
    await this.db.updateTable('webhooks').set({ status: 'active', pause_reason: null, paused_at: null, consecutive_failures: 0, updated_at: at }).where('id', '=', id).execute();
  }

  async recordSuccess(id: number): Promise<void> {
    await this.db.updateTable('webhooks').set({ consecutive_failures: 0 }).where('id', '=', id).where('consecutive_failures', '>', 0).execute();
  }

  /** One more failure in a row; the count after it. */
  async recordFailure(id: number): Promise<number> {
    const row = await this.db
      .updateTable('webhooks')
      .set((eb) => ({ consecutive_failures: eb('consecutive_failures', '+', 1) }))
      .where('id', '=', id)
      .returning('consecutive_failures')
      .executeTakeFirst();
    return row?.consecutive_failures ?? 0;
  }

  /** Logs an attempt and forgets the webhook's attempts before `keepAfter`: the log is for troubleshooting, not an archive. */
  async addAttempt(attempt: NewWebhookAttempt, keepAfter: string): Promise<void> {
    await this.db.insertInto('webhook_attempts').values(attempt).execute();
    await this.db.deleteFrom('webhook_attempts').where('webhook_id', '=', attempt.webhook_id).where('attempted_at', '<', keepAfter).execute();
  }

  /** The latest attempts first. */
  async attempts(webhookId: number, limit: number, offset: number): Promise<{ rows: WebhookAttemptRow[]; total: number }> {
    const [rows, count] = await Promise.all([
      this.db.selectFrom('webhook_attempts').selectAll().where('webhook_id', '=', webhookId).orderBy('attempted_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
      this.db.selectFrom('webhook_attempts').select((eb) => eb.fn.countAll<number>().as('total')).where('webhook_id', '=', webhookId).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.total) };
  }

  private withNames() {
    return this.db
      .selectFrom('webhooks')
      .innerJoin('organisations', 'organisations.id', 'webhooks.organisation_id')
      .innerJoin('users', 'users.id', 'webhooks.created_by')
      .selectAll('webhooks')
      .select(['organisations.slug as organisation_slug', 'organisations.name as organisation_name', 'users.display_name as owner_name']);
  }
}
