import type { Db } from '../db/database.js';
import type { AlertInboxRow } from '../db/schema-alerts.js';

/** In-app alerts: one row per delivery (by idempotency key), read or not. */
export class InboxRepository {
  constructor(private readonly db: Db) {}

  async add(userId: number, idempotencyKey: string, objectId: string | null, payload: unknown, now: string): Promise<void> {
    await this.db
      .insertInto('alert_inbox')
      .values({ user_id: userId, idempotency_key: idempotencyKey, object_id: objectId, payload: JSON.stringify(payload), created_at: now, read_at: null })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .execute();
  }

  async page(userId: number, limit: number, offset: number): Promise<{ rows: AlertInboxRow[]; total: number }> {
    const [rows, count] = await Promise.all([
      this.db.selectFrom('alert_inbox').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
      this.db.selectFrom('alert_inbox').select((eb) => eb.fn.countAll<number>().as('total')).where('user_id', '=', userId).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.total) };
  }

  async unreadCount(userId: number): Promise<number> {
    const row = await this.db.selectFrom('alert_inbox').select((eb) => eb.fn.countAll<number>().as('unread')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
    return Number(row.unread);
  }

  /** Marks these alerts read (all of them without `ids`); ids that are not the person's are ignored. */
  async markRead(userId: number, ids: readonly number[] | undefined, now: string): Promise<void> {
    let update = this.db.updateTable('alert_inbox').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null);
    if (ids) {
      if (ids.length === 0) return;
      update = update.where('id', 'in', [...ids]);
    }
    await update.execute();
  }
}
