import type { Db } from '../db/database.js';

export interface DigestItem {
  id: number;
  payload: unknown;
  createdAt: string;
}

/** Alerts waiting for their subscriber's daily e-mail. */
export class DigestRepository {
  constructor(private readonly db: Db) {}

  async add(userId: number, idempotencyKey: string, payload: unknown, now: string): Promise<void> {
    await this.db
      .insertInto('alert_digest_items')
      .values({ user_id: userId, idempotency_key: idempotencyKey, payload: JSON.stringify(payload), created_at: now, sent_at: null })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .execute();
  }

  async unsent(userId: number): Promise<DigestItem[]> {
    const rows = await this.db.selectFrom('alert_digest_items').select(['id', 'payload', 'created_at']).where('user_id', '=', userId).where('sent_at', 'is', null).orderBy('id').execute();
    return rows.map((row) => ({ id: Number(row.id), payload: JSON.parse(row.payload) as unknown, createdAt: row.created_at }));
  }

  async markSent(ids: readonly number[], at: string): Promise<void> {
    if (ids.length > 0) await this.db.updateTable('alert_digest_items').set({ sent_at: at }).where('id', 'in', [...ids]).execute();
  }
}
