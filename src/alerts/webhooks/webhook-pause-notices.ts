import type { Lang } from '../../i18n/languages.js';
import type { WebhookPauseNotices } from '../channels/webhook-channel.js';
import type { NewOutboxItem } from '../outbox/outbox.repository.js';
import type { WebhookRow } from './webhook.repository.js';

/** What the in-app and e-mail channels tell a webhook's owner when Egide pauses it after repeated failures. */
export interface WebhookPausedDelivery {
  kind: 'webhook-paused';
  webhookId: number;
  webhookLabel: string;
  url: string;
  lastError: string;
  pausedAt: string;
  /** The e-mail's language: the owner's latest subscription's (English without one). */
  lang: Lang;
}

export interface WebhookPauseNoticeParts {
  enqueue(items: NewOutboxItem[]): Promise<number>;
  /** The owner's address, when they have one and are enabled. */
  email(userId: number): Promise<string | null | undefined>;
  /** The language the owner chose last for alerts, if any. */
  language(userId: number): Promise<Lang | undefined>;
}

/**
 * Tells a webhook's owner it was paused, in the app and by e-mail when they have an address,
 * through the outbox: once per pause (the key holds the pause's time).
 */
export function webhookPauseNotices(parts: WebhookPauseNoticeParts): WebhookPauseNotices {
  return {
    async paused(webhook: WebhookRow, lastError: string, at: Date): Promise<void> {
      const owner = webhook.created_by;
      const [email, lang] = await Promise.all([parts.email(owner), parts.language(owner)]);
      const payload: WebhookPausedDelivery = { kind: 'webhook-paused', webhookId: webhook.id, webhookLabel: webhook.label, url: webhook.url, lastError, pausedAt: at.toISOString(), lang: lang ?? 'en' };
      const key = `webhook-paused:${webhook.id}:${payload.pausedAt}`;
      const items: NewOutboxItem[] = [{ idempotencyKey: `${key}:in-app`, channel: 'in-app', recipient: String(owner), payload }];
      if (email) items.push({ idempotencyKey: `${key}:email`, channel: 'email', recipient: String(owner), payload });
      await parts.enqueue(items);
    },
  };
}
