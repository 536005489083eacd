import type { Db } from '../db/database.js';
import type { AlertEventRow } from '../db/schema-alerts.js';
import type { AlertEvent } from './alert-event.js';

/** A queued history row with what the dispatcher needs of its object. */
export interface QueuedHistoryRow {
  history_id: number;
  at: string;
  changes: string;
  object_seq: number;
  object_id: string;
  organisation_id: number;
  published: number;
}

export interface ListenerRun {
  eventId: number;
  listener: string;
  state: 'pending' | 'later';
  attempts: number;
  updatedAt: string;
}

/** The dispatch queue, the alerts raised and their listeners' handling. */
export class AlertRepository {
  constructor(private readonly db: Db) {}

  /** The oldest queued history rows, with their objects. */
  queued(limit: number): Promise<QueuedHistoryRow[]> {
    return this.db
      .selectFrom('alert_dispatch_queue as q')
      .innerJoin('object_history as h', 'h.id', 'q.history_id')
      .innerJoin('objects as o', 'o.seq', 'h.object_seq')
      .select(['q.history_id', 'h.at', 'h.changes', 'o.seq as object_seq', 'o.id as object_id', 'o.organisation_id', 'o.published'])
      .orderBy('q.history_id')
      .limit(limit)
      .execute();
  }

  async unqueue(historyId: number): Promise<void> {
    await this.db.deleteFrom('alert_dispatch_queue').where('history_id', '=', historyId).execute();
  }

  /** Records the alert of a history row once; undefined when it already was. */
  async insertEvent(event: Omit<AlertEvent, 'id'> & { historyId: number }, now: string): Promise<AlertEvent | undefined> {
    const row = await this.db
      .insertInto('alert_events')
      .values({
        history_id: event.historyId,
        object_seq: event.objectSeq,
        object_id: event.objectId,
        organisation_id: event.organisationId,
        status: event.status,
        published: event.published ? 1 : 0,
        occurred_at: event.occurredAt,
        created_at: now,
      })
      .onConflict((oc) => oc.column('history_id').doNothing())
      .returningAll()
      .executeTakeFirst();
    return row && toEvent(row);
  }

  /** Each listener is to handle the alert: one run each, pending. */
  async addRuns(eventId: number, listeners: readonly string[], now: string): Promise<void> {
    if (listeners.length === 0) return;
    await this.db
      .insertInto('alert_listener_runs')
      .values(listeners.map((listener) => ({ event_id: eventId, listener, state: 'pending', attempts: 0, last_error: null, updated_at: now })))
      .onConflict((oc) => oc.columns(['event_id', 'listener']).doNothing())
      .execute();
  }

  /** Runs not done yet, oldest first. */
  async openRuns(limit: number): Promise<ListenerRun[]> {
    const rows = await this.db
      .selectFrom('alert_listener_runs')
      .select(['event_id', 'listener', 'state', 'attempts', 'updated_at'])
      .where('state', 'in', ['pending', 'later'])
      .orderBy('updated_at')
      .orderBy('event_id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ eventId: Number(row.event_id), listener: row.listener, state: row.state as ListenerRun['state'], attempts: Number(row.attempts), updatedAt: row.updated_at }));
  }

  async finishRun(eventId: number, listener: string, state: 'done' | 'later', error: string | null, now: string): Promise<void> {
    await this.db
      .updateTable('alert_listener_runs')
      .set((eb) => ({ state, attempts: eb('attempts', '+', 1), last_error: error?.slice(0, 1000) ?? null, updated_at: now }))
      .where('event_id', '=', eventId)
      .where('listener', '=', listener)
      .execute();
  }

  async event(id: number): Promise<AlertEvent | undefined> {
    const row = await this.db.selectFrom('alert_events').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toEvent(row);
  }

  /** The alerts raised for an object, oldest first. */
  async eventsOf(objectId: string): Promise<AlertEvent[]> {
    return (await this.db.selectFrom('alert_events').selectAll().where('object_id', '=', objectId).orderBy('id').execute()).map(toEvent);
  }
}

function toEvent(row: AlertEventRow): AlertEvent {
  return {
    id: Number(row.id),
    objectSeq: Number(row.object_seq),
    objectId: row.object_id,
    organisationId: Number(row.organisation_id),
    status: row.status as AlertEvent['status'],
    published: row.published === 1,
    occurredAt: row.occurred_at,
  };
}
