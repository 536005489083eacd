import type { AlertEvent } from '../alert-event.js';
import type { NewOutboxItem } from '../outbox/outbox.repository.js';
import type { AlertDelivery, Subscription } from './subscription.js';

/** What an alert to a subscription carries in the outbox, for every channel (an image watch adds its evidence). */
export function alertDelivery(event: AlertEvent, subscription: Subscription, evidence?: AlertDelivery['evidence']): AlertDelivery {
  return {
    kind: 'alert',
    eventId: event.id,
    objectId: event.objectId,
    status: event.status,
    subscriptionId: subscription.id,
    subscriptionLabel: subscription.label,
    lang: subscription.lang,
    ...(evidence && { evidence }),
  };
}

/**
 * The outbox items of a subscription's channels for one alert: in-app and e-mail keyed
 * `${keys.person}:in-app|email`, its webhook `${keys.webhook}:${webhookId}` — the webhook first,
 * since a receiver waits on the network while the others are written at once.
 */
export function channelItems(subscription: Subscription, payload: AlertDelivery, keys: { person: string; webhook: string }): NewOutboxItem[] {
  const recipient = String(subscription.userId);
  const { inApp, email, webhookId } = subscription.channels;
  const items: NewOutboxItem[] = [];
  if (webhookId !== null) items.push({ idempotencyKey: `${keys.webhook}:${webhookId}`, channel: 'webhook', recipient: String(webhookId), payload });
  if (inApp) items.push({ idempotencyKey: `${keys.person}:in-app`, channel: 'in-app', recipient, payload });
  if (email !== 'off') items.push({ idempotencyKey: `${keys.person}:email`, channel: 'email', recipient, payload });
  return items;
}
