import { createHash } from 'node:crypto';
import { t, translator } from '../../i18n/i18n.js';
import { escapeAttribute as escape } from '../../interop/xml.js';
import type { Lang } from '../../i18n/languages.js';
import type { ObjectWithOrganisation } from '../../registry/object.repository.js';
import { pickLocalized, type ObjectDescription } from '../../registry/object-record.js';
import type { Principal } from '../../roles.js';
import type { DigestRepository } from '../digest.repository.js';
import type { NewOutboxItem } from '../outbox/outbox.repository.js';
import type { AlertDelivery, DigestDelivery } from '../subscriptions/subscription.js';
import { evidenceLines, isImageWatchEvidence } from '../watch/image-watch-evidence.js';
import type { WebhookPausedDelivery } from '../webhooks/webhook-pause-notices.js';
import type { SubscriberRow, SubscriptionRepository } from '../subscriptions/subscription.repository.js';
import type { Channel, DeliveryOutcome, OutboxItem } from './channel.js';
import { PermanentMailError, type Mailer, type MailMessage } from './smtp-mailer.js';

export interface EmailChannelParts {
  mailer: Mailer;
  subscriptions: SubscriptionRepository;
  digests: DigestRepository;
  findVisible(objectId: string, principal: Principal): Promise<ObjectWithOrganisation | undefined>;
  /** Egide's public address, for the links (`EGIDE_BASE_URL`). */
  baseUrl: string;
  /** The hour (UTC) daily digests go out. */
  digestHourUtc: number;
  /** Queues the daily digest (the outbox; idempotent by its key, one a day per subscriber). */
  enqueue(items: NewOutboxItem[]): Promise<number>;
  clock?: (() => Date) | undefined;
}

/** One alert as an e-mail shows it. */
interface MailedAlert {
  delivery: AlertDelivery;
  title: string;
  inventoryNumber: string | null;
  organisation: string;
  unsubscribeUrl: string;
}

/**
 * Alerts by e-mail, in the subscription's language: one message per alert (immediate) or one a day
 * gathering a subscriber's alerts (digest), each with a one-click unsubscribe link that works
 * without signing in (and `List-Unsubscribe`, RFC 8058). An alert whose subscription stopped
 * e-mail, or whose object its subscriber may no longer see, is not sent.
 */
export class EmailChannel implements Channel {
  readonly name = 'email' as const;

  constructor(private readonly parts: EmailChannelParts) {}

  async deliver(item: OutboxItem): Promise<DeliveryOutcome> {
    const subscriber = await this.parts.subscriptions.recipient(Number(item.recipient));
    if (!subscriber?.email) return { kind: 'failed', error: 'the subscriber has no e-mail address or is disabled' };
    const payload = item.payload as AlertDelivery | DigestDelivery | WebhookPausedDelivery;
    if (payload.kind === 'webhook-paused') return this.sendWebhookPaused(item, payload, subscriber);
    return payload.kind === 'digest' ? this.sendDigest(item, subscriber) : this.sendAlert(item, payload, subscriber);
  }

  private async sendAlert(item: OutboxItem, delivery: AlertDelivery, subscriber: SubscriberRow['owner']): Promise<DeliveryOutcome> {
    const subscription = await this.parts.subscriptions.find(delivery.subscriptionId);
    if (subscription?.channels.email === 'digest') return this.keepForDigest(item, delivery, subscriber);
    const alert = await this.mailed(delivery, subscriber, 'immediate');
    if (!alert) return { kind: 'failed', error: 'unsubscribed, or the object is no longer visible to the subscriber' };
    const lang = delivery.lang;
    const status = t(lang, `status.${delivery.status}`);
    const subject = t(lang, 'alerts.email.subject', { status, title: alert.title });
    const text = [t(lang, 'alerts.email.greeting', { name: subscriber.displayName }), '', t(lang, 'alerts.email.lead', { label: delivery.subscriptionLabel }), '', ...alertText(alert, lang, this.objectUrl(lang, delivery.objectId)), '', t(lang, 'alerts.email.unsubscribe'), alert.unsubscribeUrl].join('\n');
    const html = page(lang, subject, [
      `<p>${escape(t(lang, 'alerts.email.greeting', { name: subscriber.displayName }))}</p>`,
      `<p>${escape(t(lang, 'alerts.email.lead', { label: delivery.subscriptionLabel }))}</p>`,
      `<ul>${alertHtml(alert, lang, this.objectUrl(lang, delivery.objectId))}</ul>`,
      `<p><a href="${escape(alert.unsubscribeUrl)}">${escape(t(lang, 'alerts.email.unsubscribe'))}</a></p>`,
    ]);
    return this.send({ to: subscriber.email!, subject, text, html, messageId: messageId(item.idempotencyKey), headers: unsubscribeHeaders(alert.unsubscribeUrl, item.idempotencyKey) });
  }

  /** A webhook of the subscriber's paused after its failures: what happened and where to resume it (no unsubscribe: it is no subscription). */
  private sendWebhookPaused(item: OutboxItem, notice: WebhookPausedDelivery, subscriber: SubscriberRow['owner']): Promise<DeliveryOutcome> {
    const { lang } = notice;
    const url = `${this.parts.baseUrl}/${lang}/alerts/webhooks/${notice.webhookId}`;
    const subject = t(lang, 'alerts.webhookPaused.subject', { label: notice.webhookLabel });
    const lines = [t(lang, 'alerts.webhookPaused.lead', { label: notice.webhookLabel, url: notice.url }), t(lang, 'alerts.webhookPaused.error', { error: notice.lastError })];
    const text = [t(lang, 'alerts.email.greeting', { name: subscriber.displayName }), '', ...lines, '', t(lang, 'alerts.webhookPaused.link'), url].join('\n');
    const html = page(lang, subject, [
      `<p>${escape(t(lang, 'alerts.email.greeting', { name: subscriber.displayName }))}</p>`,
      ...lines.map((line) => `<p>${escape(line)}</p>`),
      `<p><a href="${escape(url)}">${escape(t(lang, 'alerts.webhookPaused.link'))}</a></p>`,
    ]);
    return this.send({ to: subscriber.email!, subject, text, html, messageId: messageId(item.idempotencyKey), headers: { 'X-Egide-Delivery': item.idempotencyKey } });
  }

  /** A digest subscription's alert waits for the subscriber's next daily e-mail, which is queued (once a day). */
  private async keepForDigest(item: OutboxItem, delivery: AlertDelivery, subscriber: SubscriberRow['owner']): Promise<DeliveryOutcome> {
    const now = this.parts.clock?.() ?? new Date();
    await this.parts.digests.add(subscriber.userId, item.idempotencyKey, delivery, now.toISOString());
    const dueAt = nextDigestTime(now, this.parts.digestHourUtc);
    const day = dueAt.toISOString().slice(0, 10);
    const digest: DigestDelivery = { kind: 'digest', day };
    await this.parts.enqueue([{ idempotencyKey: `digest:${subscriber.userId}:${day}`, channel: 'email', recipient: String(subscriber.userId), payload: digest, dueAt }]);
    return { kind: 'delivered', detail: `kept for the digest of ${day}` };
  }

  private async sendDigest(item: OutboxItem, subscriber: SubscriberRow['owner']): Promise<DeliveryOutcome> {
    const { digests } = this.parts;
    const waiting = await digests.unsent(subscriber.userId);
    const alerts: MailedAlert[] = [];
    for (const entry of waiting) {
      const alert = await this.mailed(entry.payload as AlertDelivery, subscriber, 'digest');
      if (alert) alerts.push(alert);
    }
    const now = (this.parts.clock?.() ?? new Date()).toISOString();
    if (alerts.length === 0) {
      await digests.markSent(waiting.map((entry) => entry.id), now);
      return { kind: 'delivered', detail: 'nothing left to send' };
    }
    const lang = alerts[0]!.delivery.lang;
    const subject = t(lang, 'alerts.digest.subject', { count: alerts.length });
    const unsubscribeUrls = [...new Set(alerts.map((alert) => alert.unsubscribeUrl))];
    const text = [
      t(lang, 'alerts.email.greeting', { name: subscriber.displayName }),
      '',
      t(lang, 'alerts.digest.lead', { count: alerts.length }),
      ...alerts.flatMap((alert) => ['', `${alert.delivery.subscriptionLabel}:`, ...alertText(alert, lang, this.objectUrl(lang, alert.delivery.objectId))]),
      '',
      t(lang, 'alerts.email.unsubscribe'),
      ...unsubscribeUrls,
    ].join('\n');
    const html = page(lang, subject, [
      `<p>${escape(t(lang, 'alerts.email.greeting', { name: subscriber.displayName }))}</p>`,
      `<p>${escape(t(lang, 'alerts.digest.lead', { count: alerts.length }))}</p>`,
      `<ul>${alerts.map((alert) => alertHtml(alert, lang, this.objectUrl(lang, alert.delivery.objectId))).join('')}</ul>`,
      ...alerts
        .filter((alert, i) => unsubscribeUrls.indexOf(alert.unsubscribeUrl) === i)
        .map((alert) => `<p><a href="${escape(alert.unsubscribeUrl)}">${escape(t(lang, 'alerts.digest.unsubscribe', { label: alert.delivery.subscriptionLabel }))}</a></p>`),
    ]);
    const outcome = await this.send({ to: subscriber.email!, subject, text, html, messageId: messageId(item.idempotencyKey), headers: unsubscribeHeaders(unsubscribeUrls[0]!, item.idempotencyKey) });
    if (outcome.kind === 'delivered') await digests.markSent(waiting.map((entry) => entry.id), now);
    return outcome;
  }

  /** The alert as mailed, if its subscription still asks for this kind of e-mail and its subscriber may see the object. */
  private async mailed(delivery: AlertDelivery, subscriber: SubscriberRow['owner'], mode: 'immediate' | 'digest'): Promise<MailedAlert | undefined> {
    const { subscriptions, findVisible } = this.parts;
    const subscription = await subscriptions.find(delivery.subscriptionId);
    if (!subscription || subscription.userId !== subscriber.userId || subscription.channels.email !== mode) return undefined;
    const object = await findVisible(delivery.objectId, { ...subscriber, via: 'session' });
    const token = await subscriptions.unsubscribeToken(subscription.id);
    if (!object || !token) return undefined;
    const title = pickLocalized((JSON.parse(object.description) as ObjectDescription).title, delivery.lang)?.text ?? object.title;
    return { delivery, title, inventoryNumber: object.inventory_number, organisation: object.organisation_name, unsubscribeUrl: `${this.parts.baseUrl}/${delivery.lang}/alerts/unsubscribe/${token}` };
  }

  private objectUrl(lang: Lang, objectId: string): string {
    return `${this.parts.baseUrl}/${lang}/objects/${objectId}`;
  }

  private async send(message: MailMessage): Promise<DeliveryOutcome> {
    try {
      return { kind: 'delivered', detail: await this.parts.mailer.send(message) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return error instanceof PermanentMailError ? { kind: 'failed', error: reason } : { kind: 'retry', error: reason };
    }
  }
}

/** The next digest hour after `now`. */
export function nextDigestTime(now: Date, hourUtc: number): Date {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc));
  if (next <= now) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

function alertText(alert: MailedAlert, lang: Lang, url: string): string[] {
  const evidence = evidenceOf(alert, lang);
  return [
    `${t(lang, `status.${alert.delivery.status}`)}: ${alert.title}${alert.inventoryNumber ? ` (${alert.inventoryNumber})` : ''}`,
    t(lang, 'alerts.email.owner', { organisation: alert.organisation }),
    ...(evidence.length > 0 ? [t(lang, 'alerts.inbox.evidence'), ...evidence.map((line) => `- ${line}`)] : []),
    url,
  ];
}

/** What an image watch found (the stock photos and their scores), one line each; nothing for other subscriptions. */
function evidenceOf(alert: MailedAlert, lang: Lang): string[] {
  const { evidence } = alert.delivery;
  return isImageWatchEvidence(evidence) ? evidenceLines(evidence, translator(lang), lang) : [];
}

function alertHtml(alert: MailedAlert, lang: Lang, url: string): string {
  const number = alert.inventoryNumber ? ` (${escape(alert.inventoryNumber)})` : '';
  const evidence = evidenceOf(alert, lang);
  const found = evidence.length > 0 ? `<br>${escape(t(lang, 'alerts.inbox.evidence'))}<ul>${evidence.map((line) => `<li>${escape(line)}</li>`).join('')}</ul>` : '';
  return `<li><strong>${escape(t(lang, `status.${alert.delivery.status}`))}</strong>: <a href="${escape(url)}">${escape(alert.title)}</a>${number}<br>${escape(t(lang, 'alerts.email.owner', { organisation: alert.organisation }))}${found}</li>`;
}

function page(lang: Lang, title: string, body: string[]): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body>${body.join('')}</body></html>`;
}

/** One-click unsubscribe (RFC 8058): mail clients POST to the link. */
function unsubscribeHeaders(url: string, idempotencyKey: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'X-Egide-Delivery': idempotencyKey };
}

/** The same delivery always has the same Message-ID, so a resend after a crash is recognised as one message. */
function messageId(idempotencyKey: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@egide.alerts>`;
}
