import type { Lang } from '../i18n/languages.js';
import type { Principal } from '../roles.js';

/** An alert from one of the person's subscriptions (or a certificate it revoked), as src/alerts delivers it in the app. */
export interface SubscriptionAlertView {
  kind: 'alert' | 'certificate-revoked';
  id: number;
  objectId: string;
  /** Null when the person may no longer see the object. */
  title: string | null;
  inventoryNumber: string | null;
  status: 'stolen' | 'missing';
  subscriptionLabel: string;
  createdAt: string;
  read: boolean;
  /** Kind `certificate-revoked`: the certificate the alert revoked (its page shows the evidence). */
  certificateId?: string | undefined;
  /** What an image watch found: each stock photo's thumbnail and a line with its score, in the page's language. */
  evidence?: Array<{ label: string; thumbnailPath: string; score: number; line: string }> | undefined;
}

/** A webhook Egide paused after repeated failures, told to its owner. */
export interface WebhookPausedView {
  kind: 'webhook-paused';
  id: number;
  webhookId: number;
  webhookLabel: string;
  url: string;
  lastError: string;
  createdAt: string;
  read: boolean;
}

export type InboxItemView = SubscriptionAlertView | WebhookPausedView;

export function isSubscriptionAlert(item: InboxItemView): item is SubscriptionAlertView {
  return item.kind !== 'webhook-paused';
}

/** The alerts of a person's subscriptions and notices about their webhooks (src/alerts), listed beside the sightings and counted with them. */
export interface SubscriptionAlerts {
  inbox(principal: Principal, limit: number, offset: number, lang: Lang): Promise<{ items: InboxItemView[]; total: number }>;
  unreadAlerts(principal: Principal): Promise<number>;
  markAlertsRead(principal: Principal, ids?: readonly number[]): Promise<void>;
}
