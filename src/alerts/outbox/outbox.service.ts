import { randomUUID } from 'node:crypto';
import type { Logger } from '../../config/logger.js';
import { isDatabaseUnreachable } from '../../db/connection-errors.js';
import type { AlertOutboxRow } from '../../db/schema-alerts.js';
import { BackgroundLoop } from '../../util/background-loop.js';
import type { Channel, ChannelName, DeliveryOutcome, OutboxItem } from '../channels/channel.js';
import type { NewOutboxItem, OutboxRepository } from './outbox.repository.js';

export type { NewOutboxItem } from './outbox.repository.js';

/** A claimed row is another worker's again after this (a killed process's deliveries are not lost). */
export const LEASE_MS = 60_000;
/** Retries the outbox schedules itself (channels with their own back-off say when): 30 s, 1 min, 2 min… up to an hour. */
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 3_600_000;
/** After this many attempts without a channel's own schedule, a delivery is failed. */
export const MAX_ATTEMPTS = 12;
const IDLE_POLL_MS = 1000;
const BATCH = 16;

/**
 * The one persistent outbox every channel delivers from: items are queued once (by idempotency
 * key), claimed with a lease by whichever worker is free, delivered at least once by their
 * channel, and each attempt and outcome is recorded.
 */
export class OutboxService {
  private readonly channels = new Map<ChannelName, Channel>();
  private readonly owner = randomUUID();
  private readonly loop = new BackgroundLoop(async () => {
    try {
      return (await this.runOnce()) > 0;
    } catch (error) {
      if (!isDatabaseUnreachable(error)) this.logger?.error('outbox delivery failed', { reason: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }, IDLE_POLL_MS);

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly logger?: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  registerChannel(channel: Channel): void {
    this.channels.set(channel.name, channel);
  }

  /** Queues deliveries; an idempotency key already queued is left as it is. Returns how many were new. */
  async enqueue(items: readonly NewOutboxItem[]): Promise<number> {
    if (items.length === 0) return 0;
    const added = await this.outbox.enqueue(items, this.clock());
    if (added > 0) this.wakeUp();
    return added;
  }

  /** Items were queued (here or by the dispatcher's transaction): the background worker looks now. */
  wakeUp(): void {
    this.loop.wake();
  }

  /** Delivers what is due now, up to `limit` items; returns how many it attempted. */
  async runOnce(limit = BATCH): Promise<number> {
    const now = this.clock();
    const rows = await this.outbox.claim(this.owner, limit, now, new Date(now.getTime() + LEASE_MS));
    await Promise.all(rows.map((row) => this.deliver(row)));
    return rows.length;
  }

  /** Delivers until nothing is due (tests and commands). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.runOnce();
      if (done === 0) return total;
      total += done;
    }
  }

  /** Keeps delivering in the background (the server): new items go out within a second. */
  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  private async deliver(row: AlertOutboxRow): Promise<void> {
    const item: OutboxItem = {
      id: Number(row.id),
      idempotencyKey: row.idempotency_key,
      channel: row.channel as ChannelName,
      recipient: row.recipient,
      payload: JSON.parse(row.payload) as unknown,
      attempts: Number(row.attempts),
      createdAt: row.created_at,
    };
    const channel = this.channels.get(item.channel);
    const started = performance.now();
    let outcome: DeliveryOutcome;
    try {
      outcome = channel ? await channel.deliver(item) : { kind: 'retry', error: `no ${item.channel} channel in this process` };
    } catch (error) {
      outcome = { kind: 'retry', error: error instanceof Error ? error.message : String(error) };
    }
    const durationMs = performance.now() - started;
    const now = this.clock();
    if (outcome.kind === 'retry' && outcome.retryAt === undefined && item.attempts + 1 >= MAX_ATTEMPTS) outcome = { kind: 'failed', error: outcome.error };
    if (outcome.kind !== 'delivered') this.logger?.warn('alert delivery not done', { channel: item.channel, key: item.idempotencyKey, outcome: outcome.kind, error: outcome.error });
    await this.outbox.record(
      item.id,
      this.owner,
      {
        outcome: outcome.kind,
        detail: outcome.kind === 'delivered' ? (outcome.detail ?? null) : outcome.error,
        durationMs,
        retryAt: outcome.kind === 'retry' ? (outcome.retryAt ?? new Date(now.getTime() + retryDelay(item.attempts))) : undefined,
      },
      now,
    );
  }
}

/** The outbox's own back-off after `attempts` earlier attempts, with jitter (workers do not retry in step). */
function retryDelay(attempts: number): number {
  const ceiling = Math.min(FIRST_RETRY_MS * 2 ** attempts, LONGEST_RETRY_MS);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}
