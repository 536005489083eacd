import type { InboxRepository } from '../inbox.repository.js';
import type { AlertDelivery } from '../subscriptions/subscription.js';
import type { Channel, DeliveryOutcome, OutboxItem } from './channel.js';

/** Alerts in the subscriber's notifications page: delivered by writing them there, once per key. */
export class InAppChannel implements Channel {
  readonly name = 'in-app' as const;

  constructor(
    private readonly inbox: InboxRepository,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async deliver(item: OutboxItem): Promise<DeliveryOutcome> {
    const payload = item.payload as AlertDelivery;
    await this.inbox.add(Number(item.recipient), item.idempotencyKey, payload.objectId, payload, this.clock().toISOString());
    return { kind: 'delivered' };
  }
}
