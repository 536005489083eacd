import type { Channel, DeliveryOutcome, OutboxItem } from './channel.js';
import type { WebhookDelivery, WebhookMessage } from '../webhooks/webhook-delivery.js';
import type { WebhookRepository, WebhookRow } from '../webhooks/webhook.repository.js';

/** A webhook is retried for a day after its delivery was queued, then the delivery is failed. */
export const RETRY_WINDOW_MS = 24 * 3_600_000;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 2 * 3_600_000;
/** A paused webhook's deliveries wait, looked at again this often, until it is resumed or their day is over. */
const PAUSED_RECHECK_MS = 15 * 60_000;

/** Told when Egide pauses a webhook after repeated failures (its owner is notified in the app, and by e-mail when configured). */
export interface WebhookPauseNotices {
  paused(webhook: WebhookRow, lastError: string, at: Date): Promise<void>;
}

/**
 * The event name of a queued payload (`X-Egide-Event`): its `event` field, else its `kind` (the
 * subscriptions' deliveries are of kind `alert`), else `alert`.
 */
export function eventOf(payload: unknown): string {
  const fields = typeof payload === 'object' && payload !== null ? (payload as { event?: unknown; kind?: unknown }) : {};
  const event = fields.event ?? fields.kind;
  return typeof event === 'string' && /^[a-z][a-z0-9.-]{0,63}$/.test(event) ? event : 'alert';
}

/**
 * The back-off before the next attempt after `attempts` failed ones: doubling from 30 s up to two
 * hours, each delay drawn between its half and itself (equal jitter) so that receivers coming back
 * are not hit by every delivery at once.
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(FIRST_RETRY_MS * 2 ** attempts, LONGEST_RETRY_MS);
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * Webhooks as an outbox channel: each item (recipient: the webhook's id) is posted signed; a 2xx is
 * delivered, anything else is retried with back-off for 24 hours, then failed. After
 * `pauseAfter` failed attempts in a row the webhook is paused and its owner told; a paused
 * webhook's deliveries wait for it to be resumed (within their day).
 */
export class WebhookChannel implements Channel {
  readonly name = 'webhook' as const;

  constructor(
    private readonly deps: {
      webhooks: WebhookRepository;
      delivery: WebhookDelivery;
      pauseAfter: number;
      notices?: WebhookPauseNotices | undefined;
      now?: () => Date;
      random?: () => number;
    },
  ) {}

  async deliver(item: OutboxItem): Promise<DeliveryOutcome> {
    const { webhooks, delivery } = this.deps;
    const now = this.now();
    const id = Number(item.recipient);
    const webhook = Number.isSafeInteger(id) ? await webhooks.find(id) : undefined;
    if (!webhook) return { kind: 'failed', error: `webhook ${item.recipient} was deleted` };
    const deadline = new Date(item.createdAt).getTime() + RETRY_WINDOW_MS;
    if (webhook.status === 'paused') {
      // Told again (the same notice: its key holds the pause's time) in case the process stopped between pausing and queuing it.
      if (webhook.pause_reason === 'failures' && webhook.paused_at) await this.announcePause(webhook, new Date(webhook.paused_at));
      if (now.getTime() + PAUSED_RECHECK_MS > deadline) return { kind: 'failed', error: 'the webhook stayed paused for 24 hours' };
      return { kind: 'retry', error: 'the webhook is paused', retryAt: new Date(now.getTime() + PAUSED_RECHECK_MS) };
    }
    const message: WebhookMessage = { deliveryId: item.idempotencyKey, event: eventOf(item.payload), createdAt: item.createdAt, data: item.payload };
    const result = await delivery.attempt(webhook, message);
    if (result.delivered) {
      await Promise.all([delivery.log(webhook, message, item.attempts + 1, result, 'delivered'), webhooks.recordSuccess(webhook.id)]);
      return { kind: 'delivered', detail: `HTTP ${result.statusCode}` };
    }
    const error = result.error ?? 'not delivered';
    const retryAt = new Date(result.at.getTime() + retryDelayMs(item.attempts, this.deps.random));
    const outcome: DeliveryOutcome = retryAt.getTime() > deadline ? { kind: 'failed', error: `${error} (retried for 24 hours)` } : { kind: 'retry', error, retryAt };
    await delivery.log(webhook, message, item.attempts + 1, result, outcome.kind);
    const failures = await webhooks.recordFailure(webhook.id);
    if (failures >= this.deps.pauseAfter && (await webhooks.pauseAfterFailures(webhook.id, this.deps.pauseAfter, result.at.toISOString()))) {
      await this.announcePause(webhook, result.at);
    }
    return outcome;
  }

  /** Queues the owner's notice of this pause, with the last attempt's error (the notice's key makes it once per pause). */
  private async announcePause(webhook: WebhookRow, pausedAt: Date): Promise<void> {
    if (!this.deps.notices) return;
    const { rows } = await this.deps.webhooks.attempts(webhook.id, 1, 0);
    await this.deps.notices.paused(webhook, rows[0]?.error ?? 'not delivered', pausedAt);
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}
