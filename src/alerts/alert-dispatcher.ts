import type { Logger } from '../config/logger.js';
import { isDatabaseUnreachable } from '../db/connection-errors.js';
import type { UnitOfWork } from '../db/unit-of-work.js';
import type { ObjectWithOrganisation } from '../registry/object.repository.js';
import type { ObjectDescription } from '../registry/object-record.js';
import { ALERT_STATUSES } from '../registry/status.js';
import { BackgroundLoop } from '../util/background-loop.js';
import type { Principal } from '../roles.js';
import type { AlertEvent, AlertListener } from './alert-event.js';
import type { AlertRepository, QueuedHistoryRow } from './alert.repository.js';
import type { NewOutboxItem, OutboxRepository } from './outbox/outbox.repository.js';
import { alertDelivery, channelItems } from './subscriptions/alert-delivery.js';
import { matchesQuery, prepareObject, type PreparedObject } from './subscriptions/subscription-match.js';
import type { SubscriberRow, SubscriptionRepository } from './subscriptions/subscription.repository.js';

/** What the dispatcher writes in one transaction. */
export interface DispatchRepositories {
  alerts: AlertRepository;
  outbox: OutboxRepository;
}

export interface AlertDispatcherParts {
  transact: UnitOfWork<DispatchRepositories>;
  alerts: AlertRepository;
  subscriptions: SubscriptionRepository;
  /** The object as `principal` may see it, or undefined (the registry's rule, `visibleTo`). */
  findVisible(objectId: string, principal: Principal): Promise<ObjectWithOrganisation | undefined>;
  /** Told when deliveries were queued, so that they go out at once. */
  onQueued?: (() => void) | undefined;
  logger?: Logger | undefined;
  clock?: (() => Date) | undefined;
}

const BATCH = 50;
/**
 * How soon a reported theft is noticed when idle: bench:alerts' first webhook came 1.4–1.7 s after the
 * report with a 1 s poll (up to 1 s of it waiting); an idle round is two indexed reads of empty tables.
 */
const IDLE_POLL_MS = 250;
/** A listener that answered `later` is asked again after 2, 4, 8… seconds, at most this. */
const LONGEST_LATER_MS = 300_000;

/**
 * Raises an alert for each history row that puts an object in stolen or missing (queued by a
 * trigger with the row), matches it to the subscriptions whose owners may see the object and
 * queues their deliveries — the alert, its deliveries and the queue row in one transaction, so a
 * process killed midway raises it again, once (unique per history row; idempotency keys) — then
 * lets every registered listener handle it, at least once.
 */
export class AlertDispatcher {
  private readonly listeners = new Map<string, AlertListener>();
  private readonly loop = new BackgroundLoop(async () => {
    try {
      const { raised, handled } = await this.dispatchPending();
      return raised + handled > 0;
    } catch (error) {
      if (!isDatabaseUnreachable(error)) this.parts.logger?.error('alert dispatch failed', { reason: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }, IDLE_POLL_MS);

  constructor(private readonly parts: AlertDispatcherParts) {}

  registerListener(listener: AlertListener): void {
    this.listeners.set(listener.name, listener);
  }

  /** Dispatches everything queued and runs the listeners due; returns the alerts raised and the runs made. */
  async dispatchPending(): Promise<{ raised: number; handled: number }> {
    let raised = 0;
    for (;;) {
      const rows = await this.parts.alerts.queued(BATCH);
      if (rows.length === 0) break;
      for (const row of rows) if (await this.dispatch(row)) raised++;
    }
    return { raised, handled: await this.runListeners() };
  }

  /** Keeps dispatching in the background (the server). */
  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  private now(): Date {
    return this.parts.clock?.() ?? new Date();
  }

  /** One queued row: an alert and its deliveries, or nothing when it is no entry into an alert status. */
  private async dispatch(row: QueuedHistoryRow): Promise<boolean> {
    const status = enteredStatus(row.changes);
    const matched = status ? await this.matchingSubscribers(row) : [];
    const now = this.now();
    const raised = await this.parts.transact(async ({ alerts, outbox }) => {
      await alerts.unqueue(row.history_id);
      if (!status) return false;
      const event = await alerts.insertEvent(
        { historyId: row.history_id, objectSeq: row.object_seq, objectId: row.object_id, organisationId: row.organisation_id, status, published: row.published === 1, occurredAt: row.at },
        now.toISOString(),
      );
      if (!event) return false;
      await alerts.addRuns(event.id, [...this.listeners.keys()], now.toISOString());
      await outbox.enqueue(deliveries(event, matched), now);
      return true;
    });
    if (raised) this.parts.onQueued?.();
    return raised;
  }

  /** The subscribers whose subscription answers the object and who may see it. */
  private async matchingSubscribers(row: QueuedHistoryRow): Promise<SubscriberRow[]> {
    const candidates = await this.parts.subscriptions.candidatesFor(row.object_id);
    // Visibility depends on the role and organisation only: asked once per pair.
    const seen = new Map<string, Promise<PreparedObject | undefined>>();
    const visibleAs = (owner: SubscriberRow['owner']) => {
      const key = `${owner.role}:${owner.organisationId}`;
      let found = seen.get(key);
      if (!found) {
        const principal: Principal = { userId: owner.userId, displayName: owner.displayName, role: owner.role, organisationId: owner.organisationId, organisationSlug: owner.organisationSlug, via: 'session' };
        found = this.parts.findVisible(row.object_id, principal).then((object) => object && prepareObject({ row: object, description: JSON.parse(object.description) as ObjectDescription }));
        seen.set(key, found);
      }
      return found;
    };
    const matched: SubscriberRow[] = [];
    for (const candidate of candidates) {
      const object = await visibleAs(candidate.owner);
      if (!object) continue;
      const { subscription } = candidate;
      if (subscription.kind === 'objects' || (subscription.kind === 'search' && subscription.query && matchesQuery(subscription.query, object))) matched.push(candidate);
    }
    return matched;
  }

  /** Lets each listener handle the alerts it has not handled yet; returns how many runs were made. */
  private async runListeners(): Promise<number> {
    const { alerts } = this.parts;
    const now = this.now().getTime();
    let handled = 0;
    for (const run of await alerts.openRuns(BATCH * 4)) {
      const listener = this.listeners.get(run.listener);
      if (!listener) continue;
      if (run.state === 'later' && Date.parse(run.updatedAt) + Math.min(1000 * 2 ** run.attempts, LONGEST_LATER_MS) > now) continue;
      const event = await alerts.event(run.eventId);
      if (!event) continue;
      let state: 'done' | 'later';
      let error: string | null = null;
      try {
        state = await listener.handle(event);
      } catch (failure) {
        state = 'later';
        error = failure instanceof Error ? failure.message : String(failure);
        this.parts.logger?.warn('alert listener failed', { listener: run.listener, eventId: run.eventId, reason: error });
      }
      await alerts.finishRun(run.eventId, run.listener, state, error, this.now().toISOString());
      handled++;
    }
    return handled;
  }
}

/** The alert status a history row's changes enter (`{ status: [from, to] }`), if any. */
export function enteredStatus(changes: string): AlertEvent['status'] | undefined {
  const status = (JSON.parse(changes) as { status?: unknown }).status;
  if (!Array.isArray(status) || status.length !== 2) return undefined;
  const [from, to] = status as unknown[];
  return typeof to === 'string' && from !== to && (ALERT_STATUSES as readonly string[]).includes(to) ? (to as AlertEvent['status']) : undefined;
}

/**
 * Each matched subscription's channels as outbox items; a person gets one in-app alert and one
 * e-mail per alert (the e-mail channel keeps it for the digest when the subscription asks for one).
 * Webhook items are queued before the rest so that receivers get the alert first.
 */
function deliveries(event: AlertEvent, matched: readonly SubscriberRow[]): NewOutboxItem[] {
  const items = new Map<string, NewOutboxItem>();
  for (const { subscription, owner } of matched) {
    for (const item of channelItems(subscription, alertDelivery(event, subscription), { person: `alert:${event.id}:user:${owner.userId}`, webhook: `alert:${event.id}:webhook` })) {
      if (!items.has(item.idempotencyKey)) items.set(item.idempotencyKey, item);
    }
  }
  const all = [...items.values()];
  return [...all.filter((item) => item.channel === 'webhook'), ...all.filter((item) => item.channel !== 'webhook')];
}
