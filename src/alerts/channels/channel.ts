/** The ways an alert reaches its subscriber, each delivered from the one outbox. */
export const CHANNELS = ['in-app', 'email', 'webhook'] as const;
export type ChannelName = (typeof CHANNELS)[number];

/** One delivery waiting in the outbox (the payload is the channel's JSON, made when it was queued). */
export interface OutboxItem {
  id: number;
  /** Stable across retries: the receiver drops a delivery it has already had. */
  idempotencyKey: string;
  channel: ChannelName;
  /** The user id (in-app, e-mail) or the webhook id it goes to. */
  recipient: string;
  payload: unknown;
  /** Attempts made before this one. */
  attempts: number;
  createdAt: string;
}

export type DeliveryOutcome =
  | { kind: 'delivered'; detail?: string }
  /** Try again: at `retryAt` if the channel knows when (a back-off), else the outbox's own schedule. */
  | { kind: 'retry'; error: string; retryAt?: Date }
  /** Never again (the recipient is gone, unsubscribed, or its retries are spent). */
  | { kind: 'failed'; error: string };

export interface Channel {
  readonly name: ChannelName;
  deliver(item: OutboxItem): Promise<DeliveryOutcome>;
}
