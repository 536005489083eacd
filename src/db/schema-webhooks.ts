import type { Generated } from 'kysely';

/** A webhook endpoint of an organisation (src/alerts/webhooks/): where alerts are posted, signed with its secret. */
export interface WebhookTable {
  id: Generated<number>;
  organisation_id: number;
  /** The user who registered it (its owner: notified when it is paused). */
  created_by: number;
  label: string;
  url: string;
  /** The signing secret sealed with AES-256-GCM (secret-box.ts): Egide must sign with it, so it is encrypted rather than hashed. */
  secret: string;
  /** Which key sealed it (a fingerprint), so that a changed key is reported rather than misread. */
  secret_key_id: string;
  /** `active` or `paused`. */
  status: string;
  paused_at: string | null;
  /** `failures` (paused by Egide after repeated failures) or `owner`. */
  pause_reason: string | null;
  /** Failed attempts in a row since the last delivered one. */
  consecutive_failures: number;
  created_at: string;
  updated_at: string;
}

/** The delivery log: one row per attempt (a retry is another row). */
export interface WebhookAttemptTable {
  id: Generated<number>;
  webhook_id: number;
  /** The delivery's idempotency key (`X-Egide-Delivery`). */
  delivery_id: string;
  event: string;
  /** 1 for the first attempt of a delivery. */
  attempt: number;
  attempted_at: string;
  duration_ms: number;
  /** The receiver's HTTP status; null when no answer came (refused address, timeout, connection error). */
  status_code: number | null;
  error: string | null;
  /** `delivered`, `retry` or `failed`. */
  outcome: string;
}

/** The key sealing webhook secrets when none is configured (`EGIDE_WEBHOOK_SECRET_KEY`): one row, made on first use by any instance. */
export interface WebhookSecretKeyTable {
  slot: string;
  key: string;
  created_at: string;
}
