import type { Generated, Selectable } from 'kysely';

/**
 * The alerts' tables (src/alerts/; SQLite migration 0022, PostgreSQL 0011).
 */

/** History rows that may put an object on alert, queued by a trigger in the transaction that wrote them. */
export interface AlertDispatchQueueTable {
  history_id: number;
  enqueued_at: string;
}

/** One alert per history row that entered stolen or missing. */
export interface AlertEventTable {
  id: Generated<number>;
  history_id: number;
  object_seq: number;
  object_id: string;
  organisation_id: number;
  status: string;
  published: number;
  occurred_at: string;
  created_at: string;
}

/** Each listener's handling of each alert: `later` is tried again on the next pass. */
export interface AlertListenerRunTable {
  event_id: number;
  listener: string;
  state: string;
  attempts: number;
  last_error: string | null;
  updated_at: string;
}

export interface AlertSubscriptionTable {
  id: string;
  user_id: number;
  kind: string;
  label: string;
  /** JSON of the search's query (kind `search`), else null. */
  query: string | null;
  in_app: number;
  /** `off`, `immediate` or `digest`. */
  email: string;
  webhook_id: number | null;
  lang: string;
  /** The token of the one-click unsubscribe link (it can only unsubscribe: kept as is, to write it in each e-mail). */
  unsubscribe_token: string;
  created_at: string;
  updated_at: string;
}

/** The objects a subscription of kind `objects` follows. */
export interface AlertSubscriptionObjectTable {
  subscription_id: string;
  object_id: string;
}

export interface AlertOutboxTable {
  id: Generated<number>;
  idempotency_key: string;
  channel: string;
  recipient: string;
  payload: string;
  /** `pending`, `delivered` or `failed`. */
  state: string;
  attempts: number;
  due_at: string;
  /** While a worker holds the row; an expired lease is claimed again. */
  lease_until: string | null;
  lease_owner: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface AlertOutboxAttemptTable {
  id: Generated<number>;
  outbox_id: number;
  at: string;
  outcome: string;
  detail: string | null;
  duration_ms: number;
}

/** In-app alerts: what the notifications page lists beside the sightings. */
export interface AlertInboxTable {
  id: Generated<number>;
  user_id: number;
  idempotency_key: string;
  /** The object of an alert; null for a notice about no object (a webhook paused). */
  object_id: string | null;
  payload: string;
  created_at: string;
  read_at: string | null;
}

/** Alerts waiting for a subscriber's daily e-mail digest. */
export interface AlertDigestItemTable {
  id: Generated<number>;
  user_id: number;
  idempotency_key: string;
  payload: string;
  created_at: string;
  sent_at: string | null;
}

export type AlertEventRow = Selectable<AlertEventTable>;
export type AlertSubscriptionRow = Selectable<AlertSubscriptionTable>;
export type AlertOutboxRow = Selectable<AlertOutboxTable>;
export type AlertInboxRow = Selectable<AlertInboxTable>;
