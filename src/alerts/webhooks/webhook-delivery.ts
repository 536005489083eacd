import { randomBytes } from 'node:crypto';
import { SecretBox, SecretKeyMismatch } from './secret-box.js';
import { WebhookUrlRefused, type WebhookUrlPolicy } from './url-policy.js';
import type { WebhookPoster } from './webhook-http.js';
import type { WebhookRepository, WebhookRow } from './webhook.repository.js';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from './webhook-signature.js';

/** One delivery as it is posted: the same key and body on every attempt. */
export interface WebhookMessage {
  /** The idempotency key (`X-Egide-Delivery`). */
  deliveryId: string;
  event: string;
  /** When it was queued. */
  createdAt: string;
  data: unknown;
}

/** What one attempt gave. */
export interface AttemptResult {
  at: Date;
  delivered: boolean;
  statusCode: number | null;
  /** Why it was not delivered. */
  error: string | null;
  durationMs: number;
}

/** The log keeps a month of attempts per webhook. */
const LOG_DAYS = 30;

/** The body receivers get: the key and event again (for logs that keep bodies only), and the data. */
export function webhookBody(message: WebhookMessage): string {
  return JSON.stringify({ id: message.deliveryId, event: message.event, createdAt: message.createdAt, data: message.data });
}

/**
 * One attempt at posting a message to a webhook: the URL checked again and its address pinned,
 * the body signed with the webhook's secret at this moment, the answer read, the attempt logged.
 */
export class WebhookDelivery {
  private box: Promise<SecretBox> | undefined;

  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly policy: WebhookUrlPolicy,
    private readonly poster: WebhookPoster,
    /** `EGIDE_WEBHOOK_SECRET_KEY`; undefined: the key kept in the database. */
    private readonly configuredKey: Buffer | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The box sealing secrets (made once: the configured key, or the database's, created on first use). */
  secrets(): Promise<SecretBox> {
    this.box ??= (async () => {
      if (this.configuredKey) return new SecretBox(this.configuredKey);
      const stored = await this.webhooks.secretKey(() => randomBytes(32).toString('base64'), this.now().toISOString());
      return new SecretBox(Buffer.from(stored, 'base64'));
    })();
    // A failure (the database unreachable) is not remembered: the next call tries again.
    this.box.catch(() => (this.box = undefined));
    return this.box;
  }

  async attempt(webhook: WebhookRow, message: WebhookMessage): Promise<AttemptResult> {
    const started = performance.now();
    const at = this.now();
    try {
      const secret = (await this.secrets()).open(webhook.secret, webhook.secret_key_id);
      const { url, pinned } = await this.policy.check(webhook.url);
      const body = webhookBody(message);
      const answer = await this.poster.post(url, pinned, body, {
        'Content-Type': 'application/json',
        'User-Agent': 'Egide-Webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader(secret, Math.floor(this.now().getTime() / 1000), body),
        [DELIVERY_HEADER]: message.deliveryId,
        [EVENT_HEADER]: message.event,
      });
      const delivered = answer.status !== null && answer.status >= 200 && answer.status < 300;
      return { at, delivered, statusCode: answer.status, error: answer.status === null ? answer.error : delivered ? null : `HTTP ${answer.status}`, durationMs: performance.now() - started };
    } catch (error) {
      // A refused address and an unreadable secret are the webhook's failures; anything else (the database) is the outbox's to retry.
      if (!(error instanceof WebhookUrlRefused) && !(error instanceof SecretKeyMismatch)) throw error;
      return { at, delivered: false, statusCode: null, error: error.message, durationMs: performance.now() - started };
    }
  }

  /** Logs an attempt with the outcome the caller decided. */
  async log(webhook: WebhookRow, message: WebhookMessage, attempt: number, result: AttemptResult, outcome: 'delivered' | 'retry' | 'failed'): Promise<void> {
    const { at } = result;
    await this.webhooks.addAttempt(
      {
        webhook_id: webhook.id,
        delivery_id: message.deliveryId,
        event: message.event,
        attempt,
        attempted_at: at.toISOString(),
        duration_ms: Math.round(result.durationMs),
        status_code: result.statusCode,
        error: result.error?.slice(0, 500) ?? null,
        outcome,
      },
      new Date(at.getTime() - LOG_DAYS * 86_400_000).toISOString(),
    );
  }
}
