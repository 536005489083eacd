import type { Db } from '../../db/database.js';
import { insertChunks } from '../../db/chunks.js';
import type { AlertOutboxRow } from '../../db/schema-alerts.js';
import type { ChannelName } from '../channels/channel.js';

/** A delivery to queue: the same `idempotencyKey` queued twice is one delivery. */
export interface NewOutboxItem {
  idempotencyKey: string;
  channel: ChannelName;
  recipient: string;
  payload: unknown;
  /** Not before then (a digest's hour); now when left out. */
  dueAt?: Date | undefined;
}

export type OutboxState = 'pending' | 'delivered' | 'failed';

/** What one attempt ended in, as the outbox records it. */
export interface AttemptRecord {
  outcome: 'delivered' | 'retry' | 'failed';
  detail: string | null;
  durationMs: number;
  /** The row's next due time when it is to be retried. */
  retryAt?: Date | undefined;
}

/** Every read and write of the outbox and its attempts. */
export class OutboxRepository {
  constructor(private readonly db: Db) {}

  /** Inserts the items not queued yet (by idempotency key); returns how many were new. */
  async enqueue(items: readonly NewOutboxItem[], now: Date): Promise<number> {
    let added = 0;
    const rows = items.map((item) => ({
      idempotency_key: item.idempotencyKey,
      channel: item.channel,
      recipient: item.recipient,
      payload: JSON.stringify(item.payload),
      state: 'pending',
      attempts: 0,
      due_at: (item.dueAt ?? now).toISOString(),
      created_at: now.toISOString(),
    }));
    for (const chunk of insertChunks(rows)) {
      const inserted = await this.db
        .insertInto('alert_outbox')
        .values(chunk)
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returning('id')
        .execute();
      added += inserted.length;
    }
    return added;
  }

  /**
   * Leases up to `limit` due rows to `owner` until `until`. The lease conditions are repeated
   * outside the subquery: on PostgreSQL a row another worker leased meanwhile is re-checked
   * against them once its lock is released, and skipped.
   */
  async claim(owner: string, limit: number, now: Date, until: Date): Promise<AlertOutboxRow[]> {
    const at = now.toISOString();
    const rows = await this.db
      .updateTable('alert_outbox')
      .set({ lease_owner: owner, lease_until: until.toISOString() })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('alert_outbox')
          .select('id')
          .where('state', '=', 'pending')
          .where('due_at', '<=', at)
          .where((inner) => inner.or([inner('lease_until', 'is', null), inner('lease_until', '<=', at)]))
          .orderBy('due_at')
          .orderBy('id')
          .limit(limit),
      )
      .where('state', '=', 'pending')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', at)]))
      .returningAll()
      .execute();
    return rows.sort((a, b) => a.due_at.localeCompare(b.due_at) || Number(a.id) - Number(b.id));
  }

  /** Records an attempt and its outcome; the row's state changes only while `owner` still holds it. */
  async record(id: number, owner: string, attempt: AttemptRecord, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.db.insertInto('alert_outbox_attempts').values({ outbox_id: id, at, outcome: attempt.outcome, detail: attempt.detail?.slice(0, 1000) ?? null, duration_ms: Math.round(attempt.durationMs) }).execute();
    await this.db
      .updateTable('alert_outbox')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        state: attempt.outcome === 'retry' ? 'pending' : attempt.outcome,
        last_error: attempt.outcome === 'delivered' ? null : (attempt.detail?.slice(0, 1000) ?? null),
        due_at: attempt.outcome === 'retry' ? (attempt.retryAt ?? now).toISOString() : eb.ref('due_at'),
        finished_at: attempt.outcome === 'retry' ? null : at,
        lease_owner: null,
        lease_until: null,
      }))
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  }

  /** When the next pending row falls due (none: undefined). */
  async nextDue(): Promise<string | undefined> {
    const row = await this.db.selectFrom('alert_outbox').select((eb) => eb.fn.min('due_at').as('due')).where('state', '=', 'pending').executeTakeFirst();
    return row?.due ?? undefined;
  }

  find(idempotencyKey: string): Promise<AlertOutboxRow | undefined> {
    return this.db.selectFrom('alert_outbox').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
  }

  attempts(outboxId: number) {
    return this.db.selectFrom('alert_outbox_attempts').selectAll().where('outbox_id', '=', outboxId).orderBy('id').execute();
  }
}
