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
    // Alerts and revoked certificates are about an object; a notice about a webhook is not.
    const { objectId } = item.payload as Partial<Pick<AlertDelivery, 'objectId'>>;
    await this.inbox.add(Number(item.recipient), item.idempotencyKey, objectId ?? null, item.payload, this.clock().toISOString());
    return { kind: 'delivered' };
  }
}
