import { randomBytes } from 'node:crypto';
import { invalid, notFound } from '../../errors.js';
import type { Lang } from '../../i18n/languages.js';
import { newPublicId } from '../../registry/ids.js';
import type { ObjectWithOrganisation } from '../../registry/object.repository.js';
import { pickLocalized, type ObjectDescription } from '../../registry/object-record.js';
import type { Principal } from '../../roles.js';
import { translator } from '../../i18n/i18n.js';
import type { InboxItemView } from '../../notifications/subscription-alerts.js';
import { evidenceLines, isImageWatchEvidence } from '../watch/image-watch-evidence.js';
import type { WebhookPausedDelivery } from '../webhooks/webhook-pause-notices.js';
import type { InboxRepository } from '../inbox.repository.js';
import type { AlertDelivery, Subscription, SubscriptionChannels, SubscriptionKind, SubscriptionQuery } from './subscription.js';
import type { SubscriptionRepository } from './subscription.repository.js';

export interface SubscriptionInput {
  kind: SubscriptionKind;
  label: string;
  query?: SubscriptionQuery | undefined;
  objectIds?: string[] | undefined;
  channels: SubscriptionChannels;
  lang: Lang;
}

export type SubscriptionChange = Pick<SubscriptionInput, 'label' | 'channels' | 'lang'> & { objectIds?: string[] | undefined };

/**
 * What the in-app channel writes (src/alerts/channels/in-app.channel.ts): a subscription's alert,
 * a certificate an alert revoked (src/duediligence/certificates, same fields as an alert), a
 * webhook paused after its failures.
 */
type InAppPayload =
  | (Pick<AlertDelivery, 'kind' | 'objectId' | 'status' | 'subscriptionLabel' | 'evidence'>)
  | { kind: 'certificate-revoked'; certificateId: string; objectId: string; status: AlertDelivery['status']; subscriptionLabel: string }
  | WebhookPausedDelivery;

export interface SubscriptionServiceParts {
  subscriptions: SubscriptionRepository;
  inbox: InboxRepository;
  findVisible(objectId: string, principal: Principal): Promise<ObjectWithOrganisation | undefined>;
  /** Whether a webhook is the principal's (part B's webhooks); without it no webhook may be chosen. */
  ownsWebhook?: ((principal: Principal, webhookId: number) => Promise<boolean>) | undefined;
  clock?: (() => Date) | undefined;
}

/** Subscriptions to alerts: each person's own, and the in-app alerts they received. */
export class SubscriptionService {
  constructor(private readonly parts: SubscriptionServiceParts) {}

  list(principal: Principal): Promise<Subscription[]> {
    return this.parts.subscriptions.listByUser(principal.userId);
  }

  async get(principal: Principal, id: string): Promise<Subscription> {
    const subscription = await this.parts.subscriptions.find(id);
    if (!subscription || subscription.userId !== principal.userId) throw notFound(`No subscription with the id "${id}".`);
    return subscription;
  }

  async create(principal: Principal, input: SubscriptionInput): Promise<Subscription> {
    if (input.kind === 'search' && !hasCriteria(input.query)) throw invalid('A saved search needs words or filters.', [{ field: 'query', message: 'empty' }]);
    if (input.kind === 'objects') await this.checkObjects(principal, input.objectIds ?? []);
    await this.checkChannels(principal, input.channels);
    const now = this.now();
    const subscription: Subscription = {
      id: newPublicId(),
      userId: principal.userId,
      kind: input.kind,
      label: input.label.trim(),
      query: input.kind === 'search' ? (input.query ?? null) : null,
      objectIds: input.kind === 'objects' ? [...new Set(input.objectIds)] : [],
      channels: input.channels,
      lang: input.lang,
      createdAt: now,
      updatedAt: now,
    };
    await this.parts.subscriptions.insert(subscription, randomBytes(24).toString('base64url'));
    return subscription;
  }

  async update(principal: Principal, id: string, change: SubscriptionChange): Promise<Subscription> {
    const subscription = await this.get(principal, id);
    if (subscription.kind === 'objects' && change.objectIds) await this.checkObjects(principal, change.objectIds);
    await this.checkChannels(principal, change.channels);
    await this.parts.subscriptions.update(id, { ...change, label: change.label.trim(), objectIds: subscription.kind === 'objects' ? change.objectIds : undefined }, this.now());
    return this.get(principal, id);
  }

  async delete(principal: Principal, id: string): Promise<void> {
    await this.get(principal, id);
    await this.parts.subscriptions.delete(id);
  }

  /** The subscription an unsubscribe link is for (the page asks before stopping). */
  byUnsubscribeToken(token: string): Promise<Subscription | undefined> {
    return this.parts.subscriptions.findByUnsubscribeToken(token);
  }

  /** The one-click unsubscribe link: e-mail stops for that subscription; undefined for an unknown token. */
  unsubscribe(token: string): Promise<Subscription | undefined> {
    return this.parts.subscriptions.stopEmail(token, this.now());
  }

  /**
   * The person's in-app alerts and notices, newest first: alerts with their objects' titles in
   * `lang` (while the person may still see them) and what an image watch found; the certificates
   * alerts revoked; webhooks paused.
   */
  async inbox(principal: Principal, limit: number, offset: number, lang: Lang = 'en'): Promise<{ items: InboxItemView[]; total: number }> {
    const { rows, total } = await this.parts.inbox.page(principal.userId, limit, offset);
    const t = translator(lang);
    const items = await Promise.all(
      rows.map(async (row): Promise<InboxItemView> => {
        const payload = JSON.parse(row.payload) as InAppPayload;
        const read = row.read_at !== null;
        if (payload.kind === 'webhook-paused') {
          return { kind: 'webhook-paused', id: Number(row.id), webhookId: payload.webhookId, webhookLabel: payload.webhookLabel, url: payload.url, lastError: payload.lastError, createdAt: row.created_at, read };
        }
        const objectId = row.object_id ?? payload.objectId;
        const object = await this.parts.findVisible(objectId, principal);
        const title = object ? (pickLocalized((JSON.parse(object.description) as ObjectDescription).title, lang)?.text ?? object.title) : null;
        const evidence = payload.kind === 'alert' && isImageWatchEvidence(payload.evidence) ? payload.evidence : undefined;
        const lines = evidence && evidenceLines(evidence, t, lang);
        return {
          kind: payload.kind,
          id: Number(row.id),
          objectId,
          title,
          inventoryNumber: object?.inventory_number ?? null,
          status: payload.status,
          subscriptionLabel: payload.subscriptionLabel,
          createdAt: row.created_at,
          read,
          certificateId: payload.kind === 'certificate-revoked' ? payload.certificateId : undefined,
          evidence: evidence?.matches.map((match, i) => ({ label: match.label, thumbnailPath: match.thumbnailPath, score: match.score, line: lines![i]! })),
        };
      }),
    );
    return { items, total };
  }

  unreadAlerts(principal: Principal): Promise<number> {
    return this.parts.inbox.unreadCount(principal.userId);
  }

  markAlertsRead(principal: Principal, ids?: readonly number[]): Promise<void> {
    return this.parts.inbox.markRead(principal.userId, ids, this.now());
  }

  private async checkObjects(principal: Principal, objectIds: readonly string[]): Promise<void> {
    if (objectIds.length === 0) throw invalid('Name at least one object to follow.', [{ field: 'objectIds', message: 'empty' }]);
    for (const [i, id] of objectIds.entries()) {
      if (!(await this.parts.findVisible(id, principal))) throw invalid(`No object with the id "${id}".`, [{ field: `objectIds.${i}`, message: 'unknown object' }]);
    }
  }

  private async checkChannels(principal: Principal, channels: SubscriptionChannels): Promise<void> {
    const { webhookId } = channels;
    if (webhookId !== null && !(await this.parts.ownsWebhook?.(principal, webhookId))) throw invalid(`No webhook with the id ${webhookId}.`, [{ field: 'channels.webhookId', message: 'unknown webhook' }]);
  }

  private now(): string {
    return (this.parts.clock?.() ?? new Date()).toISOString();
  }
}

function hasCriteria(query: SubscriptionQuery | undefined): boolean {
  if (!query) return false;
  return Object.values(query).some((value) => (Array.isArray(value) ? value.length > 0 : typeof value === 'string' ? value.trim() !== '' : value !== undefined && typeof value === 'object'));
}
