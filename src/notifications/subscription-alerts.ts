import type { Lang } from '../i18n/languages.js';
import type { Principal } from '../roles.js';

/** An alert from one of the person's subscriptions, as src/alerts delivers it in the app. */
export interface SubscriptionAlertView {
  id: number;
  objectId: string;
  /** Null when the person may no longer see the object. */
  title: string | null;
  inventoryNumber: string | null;
  status: 'stolen' | 'missing';
  subscriptionLabel: string;
  createdAt: string;
  read: boolean;
}

/** The alerts of a person's subscriptions (src/alerts), listed beside the sightings and counted with them. */
export interface SubscriptionAlerts {
  inbox(principal: Principal, limit: number, offset: number, lang: Lang): Promise<{ items: SubscriptionAlertView[]; total: number }>;
  unreadAlerts(principal: Principal): Promise<number>;
  markAlertsRead(principal: Principal, ids?: readonly number[]): Promise<void>;
}
